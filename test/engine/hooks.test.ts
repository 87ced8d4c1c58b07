import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { anchorsOf, DEPLOY } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { hookOutput } from '../../plugins/hooks/runner.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../support/context.js';
import { hooksPlugin } from '../../plugins/hooks/index.js';
import { lockPlugin } from '../../plugins/lock/index.js';
import { appPlugin } from '../../plugins/app/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { pullPlugin } from '../../plugins/pull/index.js';
import { runEngine } from '../support/engine.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';

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

/** A deploy with the pull, the app, the proxy and the hooks; `script` adds its own answers. */
const proxiedDeploy = (script: (fake: FakeTransportFactory) => void) =>
  runEngine({
    plugins: [pullPlugin, appPlugin, proxyPlugin, hooksPlugin],
    config,
    graph: 'deploy',
    script: (f) => {
      f.respond('{{ .Config.Labels.service }}', { stdout: 'app\n' });
      script(f);
    },
  });

test('pre-deploy runs after every pull and before the proxy boots (which otherwise starts alongside the pull)', async () => {
  const { result, fake } = await proxiedDeploy((f) => f.respond('docker run', { stdout: 'cid0123456789abcdef\n' }));
  assert.ok(result.ok, result.failures.map((f) => `${f.key}: ${f.error?.message}`).join('\n'));
  const at = (pattern: RegExp) => fake.calls.findIndex((c) => pattern.test(c.command));
  assert.ok(at(/pre-deploy$/) > at(/^docker pull/), 'pre-deploy after the pull');
  assert.ok(at(/kamal-proxy run/) > at(/pre-deploy$/), 'the proxy boots after pre-deploy');
});

test('a failing pre-deploy hook leaves the proxy as it was', async () => {
  const { result, fake } = await proxiedDeploy((f) => f.respond('pre-deploy', { code: 1, stderr: 'migrations pending' }));
  assert.is(result.exitCode, 1);
  assert.not.ok(fake.calls.some((c) => /kamal-proxy/.test(c.command)), fake.calls.map((c) => c.command).join('\n'));
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

/** Graphs that are not deploys: one reaches a host, one stays on this machine. */
const connecting = definePlugin({
  name: 'connecting',
  apply(engine) {
    engine.hooks.graphs.tap('connecting', (registry) => {
      for (const name of ['test connect', 'test local']) registry.set(name, { name, description: 'test', goals: [anchorsOf(name).done] });
    });
    engine.hooks.graph.for('test connect').tap('connecting', (builder) => {
      const a = anchorsOf('test connect');
      builder.between(a.locked, { id: 'remote:look', plugin: 'connecting', scope: 'perHost', dependsOn: [], run: (env) => env.run(['look']).then(() => {}) }, a.finished);
    });
    engine.hooks.graph.for('test local').tap('connecting', (builder) => {
      const a = anchorsOf('test local');
      builder.between(a.locked, { id: 'local:note', plugin: 'connecting', scope: 'local', dependsOn: [], run: (env) => env.run(['note']).then(() => {}) }, a.finished);
    });
  },
});

const localName = (c: { host: string; command: string }) => (c.host === 'localhost' && c.command.startsWith(hooks) ? c.command.slice(hooks.length + 1) : c.command);

test('pre-connect runs before any command that reaches a host, not only deploys', async () => {
  const { result, fake } = await runEngine({ plugins: [connecting, hooksPlugin], config, graph: 'test connect' });
  assert.ok(result.ok);
  assert.equal(fake.calls.map(localName), ['pre-connect', 'look']);
});

test('pre-connect runs before the lock of a graph that changes hosts, whatever the plugin order', async () => {
  for (const plugins of [[lockPlugin, hooksPlugin], [hooksPlugin, lockPlugin]]) {
    const { result, fake } = await runEngine({ plugins, config, graph: 'prune' });
    assert.ok(result.ok);
    assert.is(localName(fake.calls[0]!), 'pre-connect');
    assert.ok(fake.calls.slice(1).some((c) => c.host === 'h1'));
  }
});

test('a graph that stays on this machine runs no pre-connect', async () => {
  const { result, fake } = await runEngine({ plugins: [connecting, hooksPlugin], config, graph: 'test local' });
  assert.ok(result.ok);
  assert.equal(fake.calls.map(localName), ['note']);
});

test('hooks_output: quiet or verbose for all hooks or per hook; --verbose shows all; default verbose', () => {
  const ctxWith = (hooks_output: unknown, verbose = false) =>
    context([host('h1', ['web'], true)], { config: fakeLoadedConfig({ hooks_output } as Partial<GantryConfig>), options: { verbose } });
  assert.is(hookOutput(ctxWith(undefined), 'pre-deploy'), 'verbose');
  assert.is(hookOutput(ctxWith('quiet'), 'pre-deploy'), 'quiet');
  assert.is(hookOutput(ctxWith({ 'pre-deploy': 'quiet' }), 'pre-deploy'), 'quiet');
  assert.is(hookOutput(ctxWith({ 'pre-deploy': 'quiet' }), 'post-deploy'), 'verbose');
  assert.is(hookOutput(ctxWith('quiet', true), 'pre-deploy'), 'verbose');
});

test.run();
