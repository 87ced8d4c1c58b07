/** Where a config's project lives, and whether it uses Kamal's names. */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The directory holding the config, or its parent for `config/deploy.yml` (Kamal's layout). */
export function projectRoot(configFile: string): string {
  const dir = dirname(configFile);
  return basename(dir) === 'config' ? dirname(dir) : dir;
}

/** A Kamal project keeps `.kamal/` paths: its config is `config/deploy*.yml` or a `.kamal` directory exists. */
export function isKamalProject(configFile: string, root: string): boolean {
  const kamalConfig = basename(dirname(configFile)) === 'config' && /^deploy(\..+)?\.ya?ml$/.test(basename(configFile));
  return kamalConfig || existsSync(join(root, '.kamal'));
}
