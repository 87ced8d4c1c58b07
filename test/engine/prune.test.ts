import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { prunePlugin } from '../../plugins/prune/index.js';
import { pruneTaggedImages } from '../../plugins/prune/commands.js';
import { toShell } from '../../core/transport/quote.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1'], jobs: ['h2'] };
const CONTAINERS = (retain: number, destination = ' --filter label=destination=') =>
  `docker ps -q -a --filter label=service=app${destination}` +
  ` --filter status=created --filter status=exited --filter status=dead | tail -n +${retain + 1} | while read container_id; do docker rm "$container_id"; done`;

const bootPlugin = definePlugin({
  name: 'test-boot',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
      builder.add({ id: 'test:boot', plugin: 'test-boot', dependsOn: [DEPLOY.ready], scope: 'perHost', run: async (env) => void (await env.run(['boot-app'])) });
      builder.addDependency(DEPLOY.booted, 'test:boot');
    });
  },
});

test('deploy: after boot, containers then images on every host, retain_containers kept', async () => {
  const { result, fake } = await runEngine({ plugins: [prunePlugin, bootPlugin], config: { servers, retain_containers: 3 }, graph: 'deploy' });
  assert.ok(result.ok);
  for (const host of ['h1', 'h2']) {
    const commands = fake.commandsFor(host);
    assert.is(commands[0], 'boot-app');
    assert.is(commands[1], CONTAINERS(3));
    assert.is(commands[2], 'docker image prune --force --filter label=service=app');
    assert.is(commands[3], toShell(pruneTaggedImages('app')));
  }
});

test('prune containers: --retain wins and the destination filters', async () => {
  const { fake } = await runEngine({ plugins: [prunePlugin], config: { servers, retain_containers: 3 }, graph: 'prune containers', destination: 'staging', options: { retain: '2' } });
  assert.equal(fake.commandsFor('h1'), [CONTAINERS(2, ' --filter label=destination=staging')]);
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
