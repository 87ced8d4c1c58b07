import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { loadConfig } from '../../../core/config/load.js';
import { overlayFileFor } from '../../../core/config/overlay.js';
import { problemLines } from './config-error.js';
import { tempProject } from './temp-project.js';

const BASE = `service: app
image: acme/app
servers:
  web:
    - 1.2.3.4
    - 1.2.3.5
proxy:
  host: app.example.com
  healthcheck:
    path: /up
    interval: 1
env:
  clear:
    A: base
    B: base
`;

test('overlay file names: <config without extension>.<dest><extension>', () => {
  assert.is(overlayFileFor('/p/config/deploy.yml', 'staging'), '/p/config/deploy.staging.yml');
  assert.is(overlayFileFor('/p/gantry.yaml', 'prod'), '/p/gantry.prod.yaml');
  assert.is(overlayFileFor('/p/.gantryrc', 'prod'), '/p/.gantryrc.prod');
});

test('hashes merge recursively; arrays and scalars replace', async () => {
  const root = tempProject({
    'gantry.yml': BASE,
    'gantry.staging.yml': 'servers:\n  web:\n    - 10.0.0.1\nproxy:\n  healthcheck:\n    interval: 5\nenv:\n  clear:\n    B: staging\n',
  });
  const loaded = await loadConfig({ cwd: root, destination: 'staging', env: {} });
  assert.equal(loaded.config.servers, { web: ['10.0.0.1'] });
  assert.equal(loaded.config.proxy?.healthcheck, { path: '/up', interval: 5 });
  assert.is(loaded.config.proxy?.host, 'app.example.com');
  assert.equal(loaded.config.env, { clear: { A: 'base', B: 'staging' } });
  assert.equal(loaded.files, [join(root, 'gantry.yml'), join(root, 'gantry.staging.yml')]);
  assert.is(loaded.destination, 'staging');
});

test('errors point at the file and line that define the key', async () => {
  const root = tempProject({
    'gantry.yml': `${BASE}ssh:\n  port: abc\n`,
    'gantry.staging.yml': 'proxy:\n  healthcheck:\n    interval: soon\nservers:\n  web: 10.0.0.1\n',
  });
  const lines = await problemLines(() => loadConfig({ cwd: root, destination: 'staging', env: {} }), root);
  assert.equal(lines, [
    'gantry.yml:17:3 ssh.port: expected integer',
    'gantry.staging.yml:3:5 proxy.healthcheck.interval: expected integer',
    'gantry.staging.yml:5:3 servers.web: expected array or object',
  ]);
});

test('a replaced array takes its positions from the overlay', async () => {
  const root = tempProject({ 'gantry.yml': BASE, 'gantry.prod.yml': '\n\nservers:\n  web:\n    - 10.0.0.1\n    - [bad]\n' });
  const lines = await problemLines(() => loadConfig({ cwd: root, destination: 'prod', env: {} }), root);
  assert.equal(lines, ['gantry.prod.yml:6:7 servers.web[1]: expected string or object']);
});

test('a missing overlay file is an error naming it', async () => {
  const root = tempProject({ 'gantry.yml': BASE });
  try {
    await loadConfig({ cwd: root, destination: 'nope', env: {} });
    assert.unreachable();
  } catch (error) {
    assert.is((error as Error).message, `destination "nope": config file not found: ${join(root, 'gantry.nope.yml')}`);
  }
});

test('require_destination: error without -d, fine with one', async () => {
  const root = tempProject({ 'gantry.yml': `${BASE}require_destination: true\n`, 'gantry.prod.yml': 'env:\n  clear:\n    A: prod\n' });
  assert.equal(await problemLines(() => loadConfig({ cwd: root, env: {} }), root), [
    'gantry.yml:16:1 require_destination: a destination is required: pass -d DESTINATION',
  ]);
  assert.is((await loadConfig({ cwd: root, destination: 'prod', env: {} })).config.require_destination, true);
});

test('ERB in base and overlay sees KAMAL_DESTINATION and GANTRY_DESTINATION', async () => {
  const root = tempProject({
    'gantry.yml': `${BASE.replace('A: base', 'A: "<%= ENV["KAMAL_DESTINATION"] %>"')}`,
    'gantry.qa.yml': 'env:\n  clear:\n    B: <%= ENV.fetch("GANTRY_DESTINATION") %>-overlay\n',
  });
  const loaded = await loadConfig({ cwd: root, destination: 'qa', env: {} });
  assert.equal(loaded.config.env, { clear: { A: 'qa', B: 'qa-overlay' } });
  const plain = await loadConfig({ cwd: root, env: {} });
  assert.equal(plain.config.env, { clear: { A: '', B: 'base' } });
});

test('a destination that is not a plain name is refused', async () => {
  const root = tempProject({ 'gantry.yml': BASE });
  const lines = await problemLines(() => loadConfig({ cwd: root, destination: '../x', env: {} }), root);
  assert.equal(lines, ['gantry.yml:1:1 invalid destination "../x": use letters, digits, ., _ and - (starting with a letter or digit)']);
});

test.run();
