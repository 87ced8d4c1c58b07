import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadConfig } from '../../../core/config/load.js';
import { renderConfig } from '../../../core/config/render.js';
import { rolesOf } from '../../../core/inventory.js';
import { MINIMAL, tempProject } from './temp-project.js';

const kamalApp = fileURLToPath(new URL('../../fixtures/config/kamal-app', import.meta.url));
const env = { REGISTRY_TOKEN: 'reg-token-123', PATH: process.env.PATH };

test('a full Kamal 2 project loads unchanged from config/deploy.yml', async () => {
  const loaded = await loadConfig({ cwd: kamalApp, env });
  assert.is(loaded.file, join(kamalApp, 'config/deploy.yml'));
  assert.is(loaded.root, kamalApp);
  assert.ok(loaded.kamal);
  const { config } = loaded;
  assert.equal(
    rolesOf(config.servers).map((r) => [r.name, r.hosts.map((h) => h.name)]),
    [
      ['web', ['192.168.0.1', '192.168.0.2']],
      ['job', ['192.168.0.3']],
    ],
  );
  assert.equal((config.servers as Record<string, { options?: unknown }>).web.options, { memory: '1g' }, '<<: merge applied');
  assert.equal(Object.keys(config.accessories ?? {}), ['mysql', 'redis']);
  assert.equal(Object.keys(config.aliases ?? {}), ['console', 'shell']);
  assert.equal(config.boot, { limit: '25%', wait: 2 });
  assert.is(config.proxy?.app_port, 3000);
  assert.is(config.hooks_path, '.kamal/hooks');
  assert.is(config.secrets_path, '.kamal/secrets');
  assert.equal(config.ssh, { user: 'deploy', port: 22 });
  assert.is((config.env as { clear: Record<string, unknown> }).clear.RAILS_LOG_LEVEL, 'info');
  assert.is(loaded.secrets.get('GITHUB_TOKEN'), 'gh-token-reg-token-123');
  assert.is(loaded.secrets.get('MYSQL_ROOT_PASSWORD'), 'common-mysql-pw');
});

test('the Kamal project with -d staging: overlay and destination secrets', async () => {
  const loaded = await loadConfig({ cwd: kamalApp, destination: 'staging', env });
  assert.equal(loaded.files, [join(kamalApp, 'config/deploy.yml'), join(kamalApp, 'config/deploy.staging.yml')]);
  assert.equal(rolesOf(loaded.config.servers).map((r) => r.hosts.map((h) => h.name)), [['10.0.0.1'], ['10.0.0.2']]);
  assert.is((loaded.config.servers as Record<string, { cmd?: string }>).job.cmd, 'bin/jobs');
  assert.is(loaded.config.proxy?.host, 'staging.hey.example.com');
  assert.is(loaded.secrets.get('RAILS_MASTER_KEY'), 'staging-master-key');
  assert.is(loaded.secrets.get('MYSQL_ROOT_PASSWORD'), 'staging-mysql-pw');
});

test('a Gantry project: root is the config directory, .gantry paths', async () => {
  const root = tempProject({ 'gantry.yml': MINIMAL });
  const loaded = await loadConfig({ cwd: root, env: {} });
  assert.is(loaded.root, root);
  assert.not.ok(loaded.kamal);
  assert.is(loaded.config.hooks_path, '.gantry/hooks');
  assert.is(loaded.config.secrets_path, '.gantry/secrets');
});

test('a .kamal directory makes any config a Kamal project; explicit paths win', async () => {
  const root = tempProject({ 'gantry.yml': `${MINIMAL}hooks_path: bin/hooks\n` });
  mkdirSync(join(root, '.kamal'));
  const loaded = await loadConfig({ cwd: root, env: {} });
  assert.ok(loaded.kamal);
  assert.is(loaded.config.hooks_path, 'bin/hooks');
  assert.is(loaded.config.secrets_path, '.kamal/secrets');
});

test('a local registry lets image fall back to the service name', async () => {
  const root = tempProject({ 'gantry.yml': 'service: app\nservers: [a]\nregistry:\n  server: localhost:5555\n' });
  assert.is((await loadConfig({ cwd: root, env: {} })).config.image, 'app');
});

test('renderConfig: YAML with secret fields and resolved secret values redacted, without running $(…)', async () => {
  const root = tempProject({
    'gantry.yml': `${MINIMAL}registry:\n  password: inline-password\nssh:\n  key_data: [SSH_KEY]\nenv:\n  clear:\n    TOKEN: "<%= ENV['TOKEN'] %>"\n`,
    '.gantry/secrets': 'TOKEN=$(touch ran.txt; echo resolved-token)\n',
  });
  const loaded = await loadConfig({ cwd: root, env: { TOKEN: 'env-token', PATH: process.env.PATH } });
  const before = renderConfig(loaded, { TOKEN: 'env-token' });
  assert.ok(before.startsWith('# gantry.yml\n'));
  assert.ok(before.includes('password: "[REDACTED]"'));
  assert.ok(before.includes('- "[REDACTED]"'));
  assert.not.ok(before.includes('inline-password'));
  assert.ok(before.includes('TOKEN: "[REDACTED]"'), 'an ERB value of a secret name is redacted');
  assert.not.ok(existsSync(join(root, 'ran.txt')), 'rendering does not resolve secrets');
});

test('renderConfig: values ERB read from the environment under a name marked secret are redacted', async () => {
  const config = `${MINIMAL}env:\n  clear:\n    URL: "postgres://app:<%= ENV['DB_PASSWORD'] %>@db/app"\n    BUILD: "<%= ENV['BUILD_TOKEN'] %>"\n  secret: [DATABASE_PASSWORD:DB_PASSWORD]\nbuilder:\n  arch: amd64\n  secrets: [BUILD_TOKEN]\n`;
  const env = { DB_PASSWORD: "pa'ss", BUILD_TOKEN: 'build-token-1', OTHER: 'visible' };
  const loaded = await loadConfig({ cwd: tempProject({ 'gantry.yml': config }), env });
  const text = renderConfig(loaded, env);
  assert.ok(text.includes('postgres://app:[REDACTED]@db/app'), text);
  assert.ok(text.includes('BUILD: "[REDACTED]"'), text);
});

test.run();
