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

/** Whether a `docker pull` had started when the lock (taken 200 ms late) answered. */
async function pulledBeforeLock(options: Record<string, unknown>, lockHeld = false): Promise<{ before: boolean; pulls: number; ok: boolean; message?: string }> {
  let before = false;
  const { result, fake } = await runEngine({
    plugins,
    config,
    graph: 'deploy',
    options,
    script: (f) =>
      f
        .respond(
          'mkdir .kamal/lock-app',
          () => {
            before = f.calls.some((c) => c.command.startsWith('docker pull'));
            return { code: lockHeld ? 1 : 0 };
          },
          { delayMs: 200 },
        )
        .respond('test -d .kamal/lock-app', { stdout: 'Locked by: someone\n' })
        .respond('Labels.service', { stdout: 'app' }),
  });
  const pulls = fake.calls.filter((c) => c.command.startsWith('docker pull')).length;
  return { before, pulls, ok: result.ok, message: result.failures[0]?.error?.message };
}

test('a deploy that builds nothing (--skip-push) pulls while the lock is taken, as Kamal does', async () => {
  const run = await pulledBeforeLock({ skipPush: true });
  assert.ok(run.ok, run.message);
  assert.ok(run.before, 'the pull did not wait for the lock');
  // Refused, it fails with the holder's details once its pulls are done (Kamal pulls before the lock too).
  const refused = await pulledBeforeLock({ skipPush: true }, true);
  assert.not.ok(refused.ok);
  assert.match(refused.message!, /^deploy lock held on h1:\nLocked by: someone/);
  assert.is(refused.pulls, 2);
});

test('a deploy that builds pulls after the lock (the build waits for it)', async () => {
  const run = await pulledBeforeLock({});
  assert.ok(run.ok, run.message);
  assert.not.ok(run.before);
});

test('with --lock-wait the pull waits for the lock: a held lock pulls nothing', async () => {
  const waiting = await pulledBeforeLock({ skipPush: true, lockWait: '0' }, true);
  assert.not.ok(waiting.ok);
  assert.match(waiting.message!, 'deploy lock held on h1');
  assert.is(waiting.pulls, 0);
  const taken = await pulledBeforeLock({ skipPush: true, lockWait: '5' });
  assert.ok(taken.ok, taken.message);
  assert.not.ok(taken.before);
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
