import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config/load.js';
import { flattenPlugins, presetDefaults } from '../../core/plugin.js';
import { deepMergeUnder } from '../../core/merge.js';
import { presetFor } from '../../presets/index.js';
import { railsConfigTemplate } from '../../presets/rails/template.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { MINIMAL, tempProject } from './config/temp-project.js';
import { RAILS_ALIASES } from '../../plugins/rails/defaults.js';
import { dbPrepareRun } from '../../plugins/rails/db-prepare.js';
import { withAppPort, withJobsCommand, withMasterKey, withStorageVolume } from '../../plugins/rails/defaults.js';
import type { GantryConfig } from '../../schemas/index.js';

const example = fileURLToPath(new URL('../../presets/rails/example.yml', import.meta.url));

test('the rails example config validates', async () => {
  const loaded = await loadConfig({ cwd: '/', configFile: example });
  assert.is(loaded.config.preset, 'rails');
});

test('rails adds its defaults under the config and keeps every base plugin once', async () => {
  const rails = presetFor('rails');
  const merged = deepMergeUnder({ proxy: { host: 'shop.example.com' } }, presetDefaults([rails]));
  assert.equal(merged, { asset_path: '/rails/public/assets', proxy: { healthcheck: { path: '/up' }, host: 'shop.example.com' }, aliases: RAILS_ALIASES });
  const names = flattenPlugins([rails]).map((p) => p.name);
  assert.equal(names, [...flattenPlugins([presetFor(undefined)]).map((p) => p.name), 'rails']);
  assert.equal(new Set(names).size, names.length);
});

test('an unknown preset is named', () => {
  assert.throws(() => presetFor('django'), /unknown preset "django" \(presets: base, rails\)/);
});

test('an unknown preset in config is reported at its line, and --help still works', async () => {
  const root = tempProject({ 'gantry.yml': `${MINIMAL}preset: django\n` });
  const configFile = join(root, 'gantry.yml');
  const run = await runCli(['config', '-c', configFile]);
  assert.is(run.code, 1);
  assert.match(run.stderr, `${configFile}:5:1 preset: unknown preset "django"`);
  assert.is((await runCli(['--help', '-c', configFile])).code, 0);
});

const base = { service: 'shop', servers: { web: ['10.0.0.1'], jobs: ['10.0.0.2'] } } as unknown as GantryConfig;

test('rails: a jobs role without cmd runs bin/jobs; one with cmd keeps it', () => {
  assert.equal((withJobsCommand(base).servers as Record<string, unknown>).jobs, { hosts: ['10.0.0.2'], cmd: 'bin/jobs' });
  const own = { ...base, servers: { jobs: { hosts: ['h'], cmd: 'bin/sidekiq' } } } as unknown as GantryConfig;
  assert.is(withJobsCommand(own), own);
});

test('rails: app port 3000 only for a Dockerfile exposing 3000 without Thruster', () => {
  assert.is(withAppPort(base, 'EXPOSE 3000\nCMD ["./bin/rails", "server"]').proxy?.app_port, 3000);
  assert.is(withAppPort(base, 'EXPOSE 80\nCMD ["./bin/thrust", "./bin/rails", "server"]').proxy?.app_port, undefined);
  assert.is(withAppPort(base, undefined).proxy?.app_port, undefined);
});

test('rails: RAILS_MASTER_KEY joins the secret env only when available and not set', () => {
  assert.equal(withMasterKey(base, true).env, { secret: ['RAILS_MASTER_KEY'] });
  assert.is(withMasterKey(base, false), base);
});

test('rails: db:prepare runs in a removed container of the new image, secrets only in the env file', () => {
  assert.equal(dbPrepareRun({ name: 'shop-db-prepare-v1', image: 'r/shop:v1', clear: { A: '1' }, envFile: '/e/web-db-prepare.env', volumes: ['d:/d'] }), [
    'docker', 'run', '--rm', '--name', 'shop-db-prepare-v1', '--network', 'kamal', '--env', 'A=1', '--env-file', '/e/web-db-prepare.env', '--volume', 'd:/d', 'r/shop:v1', 'bin/rails', 'db:prepare',
  ]);
});

test('the init template for rails is a valid config naming only service, image, servers and registry', async () => {
  const text = railsConfigTemplate({ service: 'shop', image: 'acme/shop', host: '10.0.0.1', registry: 'ghcr.io' });
  const loaded = await loadConfig({ cwd: tempProject({ 'gantry.yml': text }), env: {} });
  assert.equal(Object.keys(loaded.config).filter((key) => text.includes(`${key}:`)).sort(), ['image', 'preset', 'registry', 'servers', 'service']);
});

test("the storage volume is Kamal's generator's <service>_storage at /rails/storage, unless the config names volumes", () => {
  const config = { service: 'shop', image: 'acme/shop', servers: ['h1'] } as GantryConfig;
  assert.equal(withStorageVolume(config).volumes, ['shop_storage:/rails/storage']);
  assert.equal(withStorageVolume({ ...config, volumes: [] }).volumes, []);
});

test('gantry init --preset rails writes the smallest rails config, which loads; an unknown preset writes nothing', async () => {
  const root = tempProject({});
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const run = await runCli(['init', '--preset', 'rails']);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, 'created config/deploy.yml');
    const text = readFileSync(join(root, 'config/deploy.yml'), 'utf8');
    assert.match(text, /^preset: rails\nservice: gantry-config-/);
    assert.not.match(readFileSync(join(root, '.kamal/secrets'), 'utf8'), /^RAILS_MASTER_KEY=/m);
    const loaded = await loadConfig({ cwd: root, env: { KAMAL_REGISTRY_PASSWORD: 'pw' } });
    assert.equal(Object.keys(loaded.config).filter((key) => new RegExp(`^${key}:`, 'm').test(text)).sort(), ['image', 'preset', 'registry', 'servers', 'service']);

    const other = tempProject({});
    process.chdir(other);
    const refused = await runCli(['init', '--preset', 'django']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, 'unknown preset "django" (presets: base, rails)');
    assert.not.ok(existsSync(join(other, 'config')));
  } finally {
    process.chdir(cwd);
  }
});

test.run();
