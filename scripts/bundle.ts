/**
 * Bundles the CLI (`npm run build`, after tsc): node loads one file for the start-up path
 * instead of ~300, which was most of its start-up time. Lazy imports stay lazy as chunks.
 *
 * The published plugin API (`gantry-deploy/plugin`, dist/plugin/index.js) is a second entry of
 * the same build: both entries share their chunks, so a plugin package gets the very module
 * instances the CLI runs on (the hook tables keyed by engine, GantryError for `instanceof`), not
 * tsc's separate copy. tsc's .d.ts files stay next to it for the types.
 *
 * External: ssh2 (optional native parts, loaded only to connect), cosmiconfig (loaders it
 * requires on demand), typebox (only to explain an invalid config), tsx (TypeScript plugins).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;
rmSync(`${outdir}/bin`, { recursive: true, force: true });
rmSync(`${outdir}/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'bin/gantry': 'bin/gantry.ts', 'plugin/index': 'plugin/index.ts' },
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
