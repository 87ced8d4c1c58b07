/**
 * Plugins named in config load from the project's own folder: a package in the project's
 * node_modules (not Gantry's), or a path relative to the project.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadUserPlugins } from '../../core/plugin.js';
import { runEngine } from '../support/engine.js';

/** A plugin written as a user would (plain ESM): a `hello` command running one command per host. */
const PLUGIN = `
export default function hello(options = {}) {
  return {
    name: 'hello',
    apply(engine) {
      engine.hooks.graphs.tap('hello', (decls) => decls.set('hello', { name: 'hello', description: 'say hello', goals: ['hello:done'] }));
      engine.hooks.graph.for('hello').tap('hello', (builder) => {
        // Every graph has the core anchors <name>:start → :locked → :finished → :done.
        builder.between('hello:locked', { id: 'hello:say', plugin: 'hello', dependsOn: [], scope: 'perHost', run: (env) => env.run(['echo', options.word ?? 'hello']).then(() => undefined) }, 'hello:finished');
      });
    },
  };
}
`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-project-'));
  const pkg = join(dir, 'node_modules', 'gantry-plugin-hello');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gantry-plugin-hello', type: 'module', exports: { '.': { import: './dist/index.js' } } }));
  writeFileSync(join(pkg, 'dist', 'index.js'), PLUGIN);
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'plugins', 'local.mjs'), PLUGIN.replace(/'hello/g, "'local"));
  return dir;
}

test("a package from the project's node_modules, with options, runs its graph", async () => {
  const dir = project();
  try {
    const plugins = await loadUserPlugins([['gantry-plugin-hello', { word: 'bonjour' }]], dir);
    assert.equal(plugins.map((p) => p.name), ['hello']);
    const { result, fake } = await runEngine({ plugins, config: { servers: ['h1', 'h2'] }, graph: 'hello' });
    assert.ok(result.ok);
    assert.equal(fake.commandsFor('h1'), ['echo bonjour']);
    assert.equal(fake.commandsFor('h2'), ['echo bonjour']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a relative path resolves from the project; a package not in the project is a clear error', async () => {
  const dir = project();
  try {
    const [local] = await loadUserPlugins(['./plugins/local.mjs'], dir);
    assert.is(local!.name, 'local');
    // Installed for Gantry itself, but not in the project: not found.
    try {
      await loadUserPlugins(['tapable'], dir);
      assert.unreachable('tapable is not in the project');
    } catch (error) {
      assert.match((error as Error).message, `could not load plugin tapable: not installed in ${dir}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
