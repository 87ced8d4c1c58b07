import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CONFIG_SEARCH_PLACES, findConfig } from '../../../core/config/find.js';
import { loadConfig } from '../../../core/config/load.js';
import { problemLines } from './config-error.js';
import { MINIMAL, tempProject } from './temp-project.js';

test('search order: gantry.yml first, config/deploy.yml last', async () => {
  const root = tempProject({ 'config/deploy.yml': MINIMAL, '.gantryrc.json': '{}', 'gantry.yaml': MINIMAL, 'gantry.yml': MINIMAL });
  assert.is((await findConfig(root)).file, join(root, 'gantry.yml'));
  const kamal = tempProject({ 'config/deploy.yml': MINIMAL, 'gantry.config.mjs': 'export default {}' });
  assert.is((await findConfig(kamal)).file, join(kamal, 'gantry.config.mjs'));
  const plain = tempProject({ 'config/deploy.yml': MINIMAL });
  assert.is((await findConfig(plain)).file, join(plain, 'config/deploy.yml'));
  assert.equal(CONFIG_SEARCH_PLACES.slice(0, 3), ['gantry.yml', 'gantry.yaml', '.gantryrc']);
});

test('the search stays in the directory (no walking up)', async () => {
  const root = tempProject({ 'gantry.yml': MINIMAL, 'sub/readme': '' });
  const lines = await problemLines(() => findConfig(join(root, 'sub')), root);
  assert.match(lines[0], /^sub:1:1 no config file found in /);
});

test('no config: the error lists every place searched', async () => {
  const root = tempProject({});
  try {
    await findConfig(root);
    assert.unreachable();
  } catch (error) {
    const message = (error as Error).message;
    for (const place of CONFIG_SEARCH_PLACES) assert.ok(message.includes(place), place);
    assert.ok(message.includes('-c FILE'));
  }
});

test('-c FILE loads that file, relative to cwd; a missing one is an error naming it', async () => {
  const root = tempProject({ 'deploy/prod.yml': MINIMAL, 'gantry.yml': 'service: other' });
  assert.is((await findConfig(root, 'deploy/prod.yml')).file, join(root, 'deploy/prod.yml'));
  const lines = await problemLines(() => findConfig(root, 'nope.yml'), root);
  assert.equal(lines, [`nope.yml:1:1 config file not found: ${join(root, 'nope.yml')}`]);
});

test('an empty config file is an error, not a silent skip', async () => {
  const root = tempProject({ 'gantry.yml': '\n' });
  const lines = await problemLines(() => findConfig(root), root);
  assert.equal(lines, ['gantry.yml:1:1 the config file is empty']);
});

test('YAML and JSON stay text (parsed later with positions); .gantryrc is YAML', async () => {
  const root = tempProject({ '.gantryrc': MINIMAL });
  assert.equal(await findConfig(root), { file: join(root, '.gantryrc'), text: MINIMAL });
  const json = tempProject({ '.gantryrc.json': '{\n  "service": "app",\n  "servers": "x"\n}\n' });
  const lines = await problemLines(() => loadConfig({ cwd: json, env: {} }), json);
  assert.ok(lines.includes('.gantryrc.json:3:3 servers: expected array or object'), lines.join('\n'));
});

test('a JS config module is imported; its default export is the config', async () => {
  const root = tempProject({ 'gantry.config.mjs': 'export default { service: "app", image: "acme/app", servers: ["1.2.3.4"] };\n' });
  const loaded = await loadConfig({ cwd: root, env: {} });
  assert.is(loaded.config.service, 'app');
});

test('a JS config that fails to load is a ConfigError, not a stack trace', async () => {
  const root = tempProject({ 'gantry.config.mjs': 'export default {;\n' });
  const lines = await problemLines(() => findConfig(root), root);
  assert.is(lines.length, 1);
  assert.match(lines[0], /^gantry\.config\.mjs:1:1 could not load the config: /);
});

test.run();
