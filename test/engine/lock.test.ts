import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { lockPlugin } from '../../plugins/lock/index.js';
import { auditPlugin } from '../../plugins/audit/index.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1', 'h2'] };

/** Stands in for the app plugin: one boot command per host between ready and booted. */
const bootPlugin = definePlugin({
  name: 'test-boot',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
      builder.add({ id: 'test:boot', plugin: 'test-boot', dependsOn: [DEPLOY.ready], scope: 'perHost', run: async (env) => void (await env.run(['boot-app'])) });
      builder.addDependency(DEPLOY.booted, 'test:boot');
    });
  },
});

const indexOf = (commands: string[], part: string) => commands.findIndex((c) => c.includes(part));

test('deploy: the lock is taken on the primary host before boot and released after', async () => {
  const { result, fake } = await runEngine({ plugins: [lockPlugin, bootPlugin], config: { servers }, graph: 'deploy' });
  assert.ok(result.ok);
  const h1 = fake.commandsFor('h1');
  assert.match(h1[0]!, /^mkdir -p \.kamal && mkdir \.kamal\/lock-app && echo [A-Za-z0-9+/=]+ > \.kamal\/lock-app\/details$/);
  assert.ok(indexOf(h1, 'mkdir .kamal/lock-app') < indexOf(h1, 'boot-app'));
  assert.ok(indexOf(h1, 'boot-app') < indexOf(h1, 'rm -r .kamal/lock-app'));
  assert.ok(fake.calls.findIndex((c) => c.command === 'boot-app' && c.host === 'h2') < fake.calls.findIndex((c) => c.command.startsWith('rm -r')));
  assert.not.ok(fake.commandsFor('h2').some((c) => c.includes('lock-app')), 'the lock lives on the primary host only');
});

test('deploy: the lock details carry the version and the automatic message', async () => {
  const { fake } = await runEngine({ plugins: [lockPlugin], config: { servers }, graph: 'deploy', version: 'abc123', destination: 'staging' });
  const acquire = fake.calls.find((c) => c.command.includes('mkdir .kamal/lock-app-staging'))!;
  const encoded = acquire.argv[acquire.argv.indexOf('echo') + 1] as string;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  assert.match(text, /^Locked by: .+ at \d{4}-\d\d-\d\dT.+\nVersion: abc123\nMessage: Automatic deploy lock$/);
});

test('deploy: the lock is released when a later node fails', async () => {
  const { result, fake } = await runEngine({
    plugins: [lockPlugin, bootPlugin],
    config: { servers },
    graph: 'deploy',
    script: (f) => f.respond((host, command) => host === 'h2' && command === 'boot-app', { code: 1, stderr: 'boom' }),
  });
  assert.not.ok(result.ok);
  assert.is(fake.calls.at(-1)!.command, 'rm -r .kamal/lock-app');
  assert.is(fake.calls.at(-1)!.host, 'h1');
});

test('deploy: a held lock is refused with its holder, nothing boots, and the lock is left alone', async () => {
  const holder = 'Locked by: Ann at 2026-01-01T00:00:00Z\nVersion: v1\nMessage: fixing the db';
  const { result, fake } = await runEngine({
    plugins: [lockPlugin, bootPlugin],
    config: { servers },
    graph: 'deploy',
    script: (f) =>
      f.respond('mkdir .kamal/lock-app', { code: 1, stderr: 'mkdir: cannot create directory: File exists' }).respond('test -d .kamal/lock-app', { stdout: `${holder}\n` }),
  });
  assert.not.ok(result.ok);
  const message = result.failures[0]!.error!.message;
  assert.is(message, `deploy lock held on h1:\n${holder}`);
  assert.not.ok(fake.calls.some((c) => c.command === 'boot-app'));
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('rm -r')), 'someone else’s lock is not released');
});

test('--lock-wait: a held lock is asked for again until it is free', async () => {
  let attempts = 0;
  const { result, fake } = await runEngine({
    plugins: [lockPlugin, bootPlugin],
    config: { servers },
    graph: 'deploy',
    // Long enough that a loaded machine still reaches the second attempt before the deadline.
    options: { lockWait: '0.5' },
    script: (f) =>
      f
        .respond('mkdir .kamal/lock-app', () => (++attempts === 1 ? { code: 1, stderr: 'File exists' } : {}))
        .respond('test -d .kamal/lock-app', { stdout: 'Locked by: Ann\n' }),
  });
  assert.ok(result.ok);
  assert.is(attempts, 2);
  assert.ok(fake.calls.some((c) => c.command === 'boot-app'));
});

test('--lock-wait: still held at the deadline fails with the holder', async () => {
  const { result } = await runEngine({
    plugins: [lockPlugin, bootPlugin],
    config: { servers },
    graph: 'deploy',
    options: { lockWait: '0.05' },
    script: (f) => f.respond('mkdir .kamal/lock-app', { code: 1, stderr: 'File exists' }).respond('test -d .kamal/lock-app', { stdout: 'Locked by: Ann\n' }),
  });
  assert.is(result.failures[0]!.error!.message, 'deploy lock held on h1:\nLocked by: Ann');
});

test('redeploy and rollback take the lock on the deploy anchors; lock commands do not', async () => {
  for (const graph of ['redeploy', 'rollback']) {
    const { fake } = await runEngine({ plugins: [lockPlugin], config: { servers }, graph });
    assert.equal(fake.commandsFor('h1').map((c) => c.split(' ')[0]), ['mkdir', 'rm'], graph);
  }
  const { fake, printed } = await runEngine({ plugins: [lockPlugin], config: { servers }, graph: 'lock status', script: (f) => f.respond('test -d', { code: 1 }) });
  assert.equal(printed, ['no lock']);
  assert.equal(fake.commandsFor('h1'), ['test -d .kamal/lock-app && cat .kamal/lock-app/details | base64 -d']);
});

test('lock acquire keeps the lock, with the -m message; lock release removes it', async () => {
  const acquired = await runEngine({ plugins: [lockPlugin], config: { servers }, graph: 'lock acquire', options: { message: 'db migration' } });
  assert.equal(acquired.fake.calls.length, 1);
  const argv = acquired.fake.calls[0]!.argv;
  assert.match(Buffer.from(argv[argv.indexOf('echo') + 1] as string, 'base64').toString(), /Message: db migration$/);
  const released = await runEngine({ plugins: [lockPlugin], config: { servers }, graph: 'lock release' });
  assert.equal(released.fake.commandsFor('h1').at(-1), 'rm -r .kamal/lock-app');
  assert.equal(released.printed, ['Released the deploy lock on h1']);
});

test('a custom graph including deploy takes the lock once and releases it once, at its own end', async () => {
  const config = { servers, graphs: { ship: { steps: [{ id: 'd', graph: 'deploy' }, { id: 'after', run: 'echo after' }] } } };
  const { customGraphsPlugin } = await import('../../plugins/custom-graphs/index.js');
  const { result, fake } = await runEngine({ plugins: [lockPlugin, customGraphsPlugin], config, graph: 'ship' });
  assert.ok(result.ok);
  const h1 = fake.commandsFor('h1');
  assert.is(h1.filter((c) => c.includes('mkdir .kamal/lock-app')).length, 1);
  assert.is(h1.filter((c) => c.startsWith('rm -r')).length, 1);
  assert.ok(indexOf(h1, 'echo after') < indexOf(h1, 'rm -r'));
});

test('audit: a line per host after boot, before the lock is released', async () => {
  const { fake } = await runEngine({ plugins: [lockPlugin, auditPlugin, bootPlugin], config: { servers }, graph: 'deploy', version: 'v9' });
  for (const host of ['h1', 'h2']) {
    const audit = fake.commandsFor(host).find((c) => c.includes('app-audit.log'))!;
    assert.match(audit, /^mkdir -p \.kamal && printf '%s\\n' '\[[^\]]+\] \[[^\]]+\] Deployed v9' >> \.kamal\/app-audit\.log$/);
  }
  const h1 = fake.commandsFor('h1');
  assert.ok(indexOf(h1, 'boot-app') < indexOf(h1, 'audit.log') && indexOf(h1, 'audit.log') < indexOf(h1, 'rm -r'));
});

test.run();
