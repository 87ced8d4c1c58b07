import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../core/errors.js';
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
      // The label check in the pull's round trip; the pull's progress on stderr, so stdout is the label.
      "docker pull ghcr.io/acme/app:v2 >&2 && docker image inspect -f '{{ .Config.Labels.service }}' ghcr.io/acme/app:v2",
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

test("the pull's progress shows under the task; its label check, one round trip with it, does not", async () => {
  const { result, events } = await runEngine({
    plugins: [pullPlugin],
    config: { servers: ['h1'] },
    graph: 'deploy',
    script: (f) => f.respond('docker pull', { stderr: 'v2: Pulling from acme/app\nDigest: sha256:abc\n', stdout: 'app\n' }),
  });
  assert.ok(result.ok);
  const lines = events.flatMap((e) => (e.type === 'task:output' && e.task.key === 'pull:image@h1' ? [e.line] : []));
  assert.equal(lines, ['v2: Pulling from acme/app', 'Digest: sha256:abc']);
});

test('a failed pull fails with the host, the command and docker\'s message', async () => {
  const { result } = await runEngine({
    plugins: [pullPlugin],
    config: { servers: ['h1'] },
    graph: 'deploy',
    script: (f) => f.respond('docker pull', { code: 1, stderr: 'Error response from daemon: manifest for acme/app:v2 not found\n' }),
  });
  assert.not.ok(result.ok);
  const error = result.failures[0]!.error!;
  assert.instance(error, CommandError);
  assert.match(error.message, 'h1');
  assert.match(error.message, 'docker pull acme/app:v2');
  assert.match(error.message, 'manifest for acme/app:v2 not found');
});

test('rollback does not pull', async () => {
  const { fake } = await runEngine({ plugins: [pullPlugin], config: { servers }, graph: 'rollback' });
  assert.equal(fake.calls, []);
});

test.run();
