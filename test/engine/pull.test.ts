import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pullPlugin } from '../../plugins/pull/index.js';
import { registryPlugin } from '../../plugins/registry/index.js';
import { builderPlugin } from '../../plugins/builder/index.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1', 'h2'], jobs: ['h3'] };
const registry = { server: 'ghcr.io', username: 'bot', password: 'pw' };

test('pull on every host after the build and the host login, without removing the image first', async () => {
  const { result, fake } = await runEngine({
    plugins: [registryPlugin, builderPlugin, pullPlugin],
    config: { servers, registry },
    graph: 'deploy',
    script: (f) => f.respond('{{ .Config.Labels.service }}', { stdout: 'app\n' }),
  });
  assert.ok(result.ok);
  const build = fake.calls.findIndex((c) => c.command.startsWith('docker buildx build'));
  for (const host of ['h1', 'h2', 'h3']) {
    assert.equal(fake.commandsFor(host), [
      'docker login ghcr.io -u bot --password-stdin',
      'docker pull ghcr.io/acme/app:v2',
      "docker image inspect -f '{{ .Config.Labels.service }}' ghcr.io/acme/app:v2",
    ]);
    assert.ok(fake.calls.findIndex((c) => c.host === host && c.command.startsWith('docker pull')) > build);
  }
  assert.not.ok(fake.calls.some((c) => /docker (image )?rm/.test(c.command)));
});

test('an image without this service label fails with the host and image named', async () => {
  const { result } = await runEngine({
    plugins: [pullPlugin],
    config: { servers },
    graph: 'deploy',
    script: (f) => f.respond((host, command) => host === 'h2' && command.includes('Labels.service'), { stdout: 'other\n' }).respond('Labels.service', { stdout: 'app' }),
  });
  assert.not.ok(result.ok);
  assert.equal(result.failures.map((f) => f.key), ['pull:image@h2']);
  assert.match(result.failures[0]!.error!.message, 'h2: image acme/app:v2 has label service=other, expected service=app');
});

test('a dry run records the label check without judging it', async () => {
  const { result, fake } = await runEngine({ plugins: [pullPlugin], config: { servers }, graph: 'deploy', dryRun: true });
  assert.ok(result.ok);
  assert.equal(fake.calls, []);
  assert.ok(result.commands.some((c) => c.host === 'h1' && c.command.includes('Labels.service')));
});

test('rollback does not pull', async () => {
  const { fake } = await runEngine({ plugins: [pullPlugin], config: { servers }, graph: 'rollback' });
  assert.equal(fake.calls, []);
});

test.run();
