import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { prunePlugin } from '../../plugins/prune/index.js';
import { pruneContainers, pruneContainersAndImages, pruneImages } from '../../plugins/prune/commands.js';
import { toShell } from '../../core/transport/quote.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1'], jobs: ['h2'] };

const bootPlugin = definePlugin({
  name: 'test-boot',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
      builder.add({ id: 'test:boot', plugin: 'test-boot', dependsOn: [DEPLOY.ready], scope: 'perHost', run: async (env) => void (await env.run(['boot-app'])) });
      builder.addDependency(DEPLOY.booted, 'test:boot');
    });
  },
});

test('deploy: after boot, containers and images in one command on every host, retain_containers kept', async () => {
  const { result, fake } = await runEngine({ plugins: [prunePlugin, bootPlugin], config: { servers, retain_containers: 3 }, graph: 'deploy' });
  assert.ok(result.ok);
  for (const host of ['h1', 'h2']) assert.equal(fake.commandsFor(host), ['boot-app', toShell(pruneContainersAndImages({ service: 'app', retain: 3 }))]);
  assert.equal(result.outcomes.filter((o) => o.key.startsWith('prune:')).map((o) => o.key).sort(), ['prune:containers-and-images@h1', 'prune:containers-and-images@h2']);
});

test('prune: containers and images of the destination in one command', async () => {
  const { fake } = await runEngine({ plugins: [prunePlugin], config: { servers, retain_containers: 3 }, graph: 'prune', destination: 'staging' });
  assert.equal(fake.commandsFor('h2'), [toShell(pruneContainersAndImages({ service: 'app', destination: 'staging', retain: 3 }))]);
});

test('prune containers: --retain wins and the destination filters', async () => {
  const { fake } = await runEngine({ plugins: [prunePlugin], config: { servers, retain_containers: 3 }, graph: 'prune containers', destination: 'staging', options: { retain: '2' } });
  assert.equal(fake.commandsFor('h1'), [toShell(pruneContainers({ service: 'app', destination: 'staging', retain: 2 }))]);
});

test('prune images: images only', async () => {
  const { fake } = await runEngine({ plugins: [prunePlugin], config: { servers }, graph: 'prune images' });
  assert.equal(fake.commandsFor('h1'), [toShell(pruneImages('app'))]);
});

test('a failed prune names the host, the command and its stderr', async () => {
  const { result } = await runEngine({
    plugins: [prunePlugin],
    config: { servers },
    graph: 'prune',
    script: (f) => f.respond((host, command) => host === 'h2' && command.startsWith('containers='), { code: 1, stderr: 'Cannot connect to the Docker daemon' }),
  });
  assert.not.ok(result.ok);
  assert.equal(result.failures.map((f) => f.key), ['prune:containers-and-images@h2']);
  assert.match(result.failures[0]!.error!.message, /^h2: `containers=\$\( docker ps --all .* exited with 1\nCannot connect to the Docker daemon$/s);
});

test('a bad --retain fails before any container is removed', async () => {
  const { result, fake } = await runEngine({ plugins: [prunePlugin], config: { servers }, graph: 'prune', options: { retain: '0' } });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, '--retain must be a positive whole number, got 0');
  assert.equal(fake.calls, []);
});

test('redeploy does not prune', async () => {
  const { fake } = await runEngine({ plugins: [prunePlugin, bootPlugin], config: { servers }, graph: 'redeploy' });
  assert.equal(fake.calls.map((c) => c.command), ['boot-app', 'boot-app']);
});

test.run();
