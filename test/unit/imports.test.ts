/**
 * The dependency rules of the layout: core knows no plugin, preset or CLI; a plugin imports
 * another plugin only through that plugin's published `api.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Repository-relative `.ts` paths a file imports (static, re-exports and dynamic), relative specifiers only. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.posix.join(path.posix.dirname(file), s).replace(/\.js$/, '.ts'));
}

const pluginOf = (file: string): string | undefined => /^plugins\/([^/]+)\//.exec(file)?.[1];

test('nothing under core/ imports presets/, plugins/ or cli/', () => {
  const bad = sources('core').flatMap((file) => importsOf(file).filter((target) => /^(presets|plugins|cli)\//.test(target)).map((target) => `${file} → ${target}`));
  assert.equal(bad, []);
});

test('a file under plugins/X imports plugins/Y only through plugins/Y/api.ts', () => {
  const bad = sources('plugins').flatMap((file) => {
    const own = pluginOf(file);
    return importsOf(file)
      .filter((target) => target.startsWith('plugins/') && pluginOf(target) !== own && !/^plugins\/[^/]+\/api\.ts$/.test(target))
      .map((target) => `${file} → ${target}`);
  });
  assert.equal(bad, []);
});

test('plugins import nothing from cli/ or presets/', () => {
  const bad = sources('plugins').flatMap((file) => importsOf(file).filter((target) => /^(presets|cli)\//.test(target)).map((target) => `${file} → ${target}`));
  assert.equal(bad, []);
});

test.run();
