/**
 * The README's "Writing a plugin" example, exactly as printed there, loaded as a user's project
 * would load it: a file of the project importing `gantry-deploy/plugin` (the package's published
 * export, here a project-local install pointing at this checkout's plugin/index.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../core/engine.js';
import { drawGraph } from '../../core/graph/draw.js';
import { buildInventory } from '../../core/inventory.js';
import { flattenPlugins, loadUserPlugins } from '../../core/plugin.js';
import { basePreset } from '../../presets/base.js';
import { context, fakeLoadedConfig } from '../support/context.js';
import { runEngine } from '../support/engine.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```js block after the "### Writing a plugin" heading. */
function readmeExample(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Writing a plugin'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README: no js example under "Writing a plugin"');
  return code;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-readme-'));
  const pkg = join(dir, 'node_modules', 'gantry-deploy');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gantry-deploy', type: 'module', exports: { './plugin': './plugin.js' } }));
  writeFileSync(join(pkg, 'plugin.js'), `export * from ${JSON.stringify(join(repo, 'plugin', 'index.ts'))};\n`);
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'notify.js'), readmeExample());
  return dir;
}

test('the README plugin loads through gantry-deploy/plugin; its notify command logs on every host', async () => {
  const dir = project();
  try {
    const plugins = await loadUserPlugins([['./deploy/notify.js', { tag: 'ops' }]], dir);
    assert.equal(plugins.map((p) => p.name), ['notify']);
    const { result, fake } = await runEngine({ plugins, config: { servers: ['h1', 'h2'] }, graph: 'notify', options: { message: 'hi' } });
    assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
    assert.equal(fake.commandsFor('h1'), ['logger -t ops hi']);
    assert.equal(fake.commandsFor('h2'), ['logger -t ops hi']);

    const loaded = fakeLoadedConfig({ servers: ['h1'] });
    const engine = new Engine(flattenPlugins([basePreset, ...plugins]), loaded);
    const draw = (graph: string) => drawGraph(engine.resolve(graph, context(buildInventory(['h1'], 'web'), { graph, config: loaded, version: 'v2' })), 'text');
    assert.match(draw('deploy'), '● notify:deployed (notify; h1)  ← deploy:booted');
    assert.not.match(draw('redeploy'), 'notify:deployed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
