import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registryPlugin } from '../../plugins/registry/index.js';
import { runEngine } from '../support/engine.js';
import { definePlugin } from '../../core/plugin.js';

const registry = { server: 'ghcr.io', username: 'bot', password: ['REGISTRY_PASSWORD'] };
const servers = { web: ['h1', 'h2'] };

/** Gives the run a secret store that knows REGISTRY_PASSWORD. */
const secretsPlugin = definePlugin({
  name: 'test-secrets',
  apply(engine) {
    engine.hooks.anyGraph.tap('test-secrets', (_builder, ctx) => {
      const secrets = ctx.config.secrets;
      ctx.config.secrets = { ...secrets, get: (name) => (name === 'REGISTRY_PASSWORD' ? 'from-secrets' : secrets.get(name)) };
    });
  },
});

test('deploy: login locally and on every host; the password only on stdin', async () => {
  const { result, fake } = await runEngine({ plugins: [registryPlugin], config: { servers, registry: { ...registry, password: 's3cret!' } }, graph: 'deploy' });
  assert.ok(result.ok);
  const logins = fake.calls.filter((c) => c.command.startsWith('docker login'));
  assert.equal(logins.map((c) => c.host), ['localhost', 'h1', 'h2']);
  for (const call of logins) {
    assert.equal(call.argv, ['docker', 'login', 'ghcr.io', '-u', 'bot', '--password-stdin']);
    assert.is(call.stdin, 's3cret!');
  }
  assert.not.ok(fake.calls.some((c) => c.command.includes('s3cret')));
});

test('deploy: a secret-named password is read from the secrets', async () => {
  const { fake } = await runEngine({ plugins: [registryPlugin, secretsPlugin], config: { servers: ['h1'], registry }, graph: 'deploy' });
  assert.equal(fake.calls.map((c) => c.stdin), ['from-secrets', 'from-secrets']);
});

test('deploy: --skip-push skips the local login; an open registry skips both', async () => {
  const skipped = await runEngine({ plugins: [registryPlugin], config: { servers, registry }, graph: 'deploy', options: { skipPush: true } });
  assert.equal(skipped.fake.calls.map((c) => c.host), ['h1', 'h2']);
  const open = await runEngine({ plugins: [registryPlugin], config: { servers, registry: { server: 'registry.local:5000' } }, graph: 'deploy' });
  assert.equal(open.fake.calls, []);
});

test('registry logout: --skip-local only logs the hosts out; remove logs the hosts out', async () => {
  const logout = await runEngine({ plugins: [registryPlugin], config: { servers, registry }, graph: 'registry logout', options: { skipLocal: true } });
  assert.equal(logout.fake.calls.map((c) => `${c.host}: ${c.command}`), ['h1: docker logout ghcr.io', 'h2: docker logout ghcr.io']);
  const remove = await runEngine({ plugins: [registryPlugin], config: { servers, registry }, graph: 'remove', options: { confirmed: true } });
  assert.equal(remove.fake.calls.map((c) => `${c.host}: ${c.command}`), ['h1: docker logout ghcr.io', 'h2: docker logout ghcr.io']);
});

test('registry login --skip-remote only logs in locally', async () => {
  const { fake } = await runEngine({ plugins: [registryPlugin], config: { servers, registry: { ...registry, password: 'pw' } }, graph: 'registry login', options: { skipRemote: true } });
  assert.equal(fake.calls.map((c) => [c.host, c.stdin]), [['localhost', 'pw']]);
});

test.run();
