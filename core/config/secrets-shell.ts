/**
 * The environment `$(command)`s in a secrets file run in: `kamal` and `gantry` on PATH are this
 * Gantry (so `$(kamal secrets fetch …)` works with no Kamal installed), and the destination is
 * known as KAMAL_DESTINATION and GANTRY_DESTINATION, as Kamal sets it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** Set in those commands' environment, so a nested Gantry knows it runs inside a secrets file. */
export const IN_SECRETS_FILE = 'GANTRY_IN_SECRETS_FILE';

let shimDir: string | undefined;

/** One directory per process holding the `kamal` and `gantry` shims, removed at exit. */
function shims(): string {
  if (shimDir) return shimDir;
  const dir = mkdtempSync(join(tmpdir(), 'gantry-shims-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const script = `#!/bin/sh\nexec ${gantryCommand().map(shellQuote).join(' ')} "$@"\n`;
  for (const name of ['kamal', 'gantry']) writeFileSync(join(dir, name), script, { mode: 0o755 });
  return (shimDir = dir);
}

/** This Gantry's entry point, run by this Node (through tsx when running from source). */
function gantryCommand(): string[] {
  const source = import.meta.url.endsWith('.ts');
  // From the package root: in the bundled CLI this module sits in a chunk, not in core/config/.
  const bin = join(PACKAGE_ROOT, source ? 'bin/gantry.ts' : 'dist/bin/gantry.js');
  return source ? [process.execPath, '--import', import.meta.resolve('tsx'), bin] : [process.execPath, bin];
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function secretsCommandEnv(env: NodeJS.ProcessEnv, destination: string | undefined): NodeJS.ProcessEnv {
  const path = [shims(), env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(delimiter);
  const destinationVars = destination ? { KAMAL_DESTINATION: destination, GANTRY_DESTINATION: destination } : {};
  return { ...env, PATH: path, ...destinationVars, [IN_SECRETS_FILE]: '1' };
}
