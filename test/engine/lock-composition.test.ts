import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hooksPlugin } from '../../plugins/hooks/index.js';
import { lockPlugin } from '../../plugins/lock/index.js';
import { registryPlugin } from '../../plugins/registry/index.js';
import { builderPlugin } from '../../plugins/builder/index.js';
import { pullPlugin } from '../../plugins/pull/index.js';
import { prunePlugin } from '../../plugins/prune/index.js';
import { serverPlugin } from '../../plugins/server/index.js';
import { auditPlugin } from '../../plugins/audit/index.js';
import { runEngine } from '../support/engine.js';

const plugins = [hooksPlugin, lockPlugin, registryPlugin, builderPlugin, pullPlugin, prunePlugin, serverPlugin, auditPlugin];
const config = { servers: { web: ['h1', 'h2'] }, registry: { server: 'ghcr.io', username: 'bot', password: 'pw' } };

test('setup with every plugin of this set: login, build, bootstrap, pull, lock, prune, audit, unlock in order', async () => {
  const { result, fake } = await runEngine({ plugins, config, graph: 'setup', script: (f) => f.respond('Labels.service', { stdout: 'app' }) });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const at = (host: string, part: string) => fake.calls.findIndex((c) => c.host === host && c.command.includes(part));
  assert.ok(at('localhost', 'docker login') < at('localhost', 'buildx build'));
  for (const host of ['h1', 'h2']) {
    assert.ok(at(host, 'docker -v') < at(host, 'docker login'));
    assert.ok(at(host, 'docker login') < at(host, 'docker pull'));
    assert.ok(at('localhost', 'buildx build') < at(host, 'docker pull'));
    assert.ok(at(host, 'docker pull') < at(host, 'containers=$( docker ps'));
    assert.ok(at(host, 'containers=$( docker ps') < at(host, 'audit.log'));
  }
  assert.ok(at('h1', 'mkdir .kamal/lock-app') < at('h1', 'containers=$( docker ps'));
  assert.is(fake.calls.at(-1)!.command, 'rm -r .kamal/lock-app');
});

test('a deploy refused by the lock builds and pushes nothing', async () => {
  const { result, fake } = await runEngine({
    plugins,
    config,
    graph: 'deploy',
    script: (f) => f.respond('mkdir .kamal/lock-app', { code: 1 }).respond('test -d .kamal/lock-app', { stdout: 'Locked by: someone\n' }),
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.failures[0]!.error!.message, 'deploy lock held on h1');
  assert.not.ok(fake.calls.some((c) => c.command.includes('build') || c.command.includes('docker push')), fake.calls.map((c) => c.command).join('\n'));
});

test('rollback with every plugin of this set: no build, no pull, no prune; locked and audited', async () => {
  const { fake } = await runEngine({ plugins, config, graph: 'rollback', version: 'v1' });
  assert.equal(
    fake.calls.map((c) => `${c.host}: ${c.command.split(' ').slice(0, 2).join(' ')}`),
    ['h1: docker login', 'h2: docker login', 'h1: mkdir -p', 'h1: mkdir -p', 'h2: mkdir -p', 'h1: rm -r'],
  );
  assert.ok(fake.calls.filter((c) => c.command.includes('audit.log')).every((c) => c.command.includes('Rolled back to v1')));
});

test.run();
