/**
 * Bundles the CLI (`npm run build`, after tsc): node loads one file for the start-up path
 * instead of ~300, which was most of its start-up time. Lazy imports stay lazy as chunks.
 * External: ssh2 (optional native parts, loaded only to connect), cosmiconfig (loaders it
 * requires on demand), typebox (only to explain an invalid config), tsx (TypeScript plugins).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bin`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { gantry: 'bin/gantry.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'cosmiconfig', 'typebox', 'typebox/*', 'tsx', 'tsx/*'],
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as gantryCreateRequire } from 'node:module'; const require = gantryCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
