/** `gantry init`: writes the starting files of a project, and refuses to replace any of them. */
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { GantryError } from '../errors.js';
import { DEPLOY_YML, SECRETS, hookSamples } from './templates.js';

/** What a preset writes instead of the documented defaults (`gantry init --preset rails`). */
export interface StarterTexts {
  deployYml: string;
  secrets: string;
}

export async function writeStarterFiles(root: string, texts: StarterTexts = { deployYml: DEPLOY_YML, secrets: SECRETS }): Promise<string[]> {
  const files: Record<string, { content: string; mode: number }> = {
    'config/deploy.yml': { content: texts.deployYml, mode: 0o644 },
    '.kamal/secrets': { content: texts.secrets, mode: 0o600 },
    ...Object.fromEntries(Object.entries(hookSamples()).map(([name, content]) => [`.kamal/hooks/${name}`, { content, mode: 0o755 }])),
  };
  const existing: string[] = [];
  for (const path of Object.keys(files)) {
    if (await exists(join(root, path))) existing.push(path);
  }
  if (existing.length) throw new GantryError(`init leaves existing files alone, and these exist: ${existing.join(', ')}`);
  for (const [path, { content, mode }] of Object.entries(files)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    // flag wx: never replace a file that appeared since the check.
    await writeFile(file, content, { mode, flag: 'wx' });
    await chmod(file, mode);
  }
  return Object.keys(files).map((path) => relative(root, join(root, path)));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
