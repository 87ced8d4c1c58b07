import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { hooksPlugin } from '../../plugins/hooks/index.js';
import { runEngine } from '../support/engine.js';

const hooks = mkdtempSync(join(tmpdir(), 'gantry-hooks-'));
for (const name of ['pre-connect', 'pre-deploy', 'post-deploy']) writeFileSync(join(hooks, name), '#!/bin/sh\n', { mode: 0o755 });

/** Stands for the plugins that attach to phases: a remote node at each. */
const phases = definePlugin({
  name: 'phases',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('phases', (builder) => {
      builder.between(DEPLOY.connected, { id: 'remote:lock', plugin: 'phases', scope: 'once', dependsOn: [], run: (env) => env.run(['lock']).then(() => {}) }, DEPLOY.locked);
      const boot: TaskNode = { id: 'remote:boot', plugin: 'phases', scope: 'perHost', dependsOn: [DEPLOY.prepared], run: (env) => env.run(['boot']).then(() => {}) };
      builder.between(DEPLOY.ready, boot, DEPLOY.booted);
    });
  },
});

const config = { hooks_path: hooks, servers: ['h1'] };

test('hook scripts run around the phases: pre-connect first, pre-deploy before boot, post-deploy last', async () => {
  const { result, fake } = await runEngine({ plugins: [phases, hooksPlugin], config, graph: 'deploy' });
  assert.ok(result.ok);
  const order = fake.calls.map((c) => (c.host === 'localhost' ? c.command.slice(hooks.length + 1) : c.command));
  assert.equal(order, ['pre-connect', 'lock', 'pre-deploy', 'boot', 'post-deploy']);
  const env = fake.calls[0]!.env!;
  assert.is(env.KAMAL_SERVICE, 'app');
  assert.is(env.GANTRY_VERSION, 'v2');
  assert.is(env.KAMAL_HOSTS, 'h1');
});

test('a failing hook aborts the run and post-deploy does not run', async () => {
  const { result, fake } = await runEngine({
    plugins: [phases, hooksPlugin],
    config,
    graph: 'deploy',
    script: (f) => f.respond('pre-deploy', { code: 1, stderr: 'migrations pending' }),
  });
  assert.is(result.exitCode, 1);
  assert.match(String(result.failures[0]!.error), /migrations pending/);
  assert.not.ok(fake.calls.some((c) => c.command.endsWith('post-deploy') || c.command === 'boot'));
});

test('--skip-hooks runs none', async () => {
  const { fake } = await runEngine({ plugins: [phases, hooksPlugin], config, graph: 'deploy', options: { skipHooks: true } });
  assert.equal(fake.calls.map((c) => c.command), ['lock', 'boot']);
});

test.run();
