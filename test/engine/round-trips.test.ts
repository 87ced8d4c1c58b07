import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../core/errors.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { presetFor } from '../../presets/index.js';
import { runEngine } from '../support/engine.js';

const config = { servers: { web: ['h1', 'h2'], jobs: ['h3'] }, registry: { server: 'ghcr.io', username: 'bot', password: 'pw' } };

function scriptHosts(fake: FakeTransportFactory): void {
  fake.respond('Labels.service', { stdout: 'app\n' });
  fake.respond('--latest', { stdout: 'app-web-v1\n' });
  fake.respond('gantry-wait-healthy', { stdout: 'healthy' });
  fake.respond('docker run', { stdout: 'cid\n' });
}

const deploy = (script: (fake: FakeTransportFactory) => void = () => {}) =>
  runEngine({ plugins: [presetFor(undefined)], config, graph: 'deploy', script: (fake) => (script(fake), scriptHosts(fake)) });

const END_OF_HOST = ['app-audit.log', 'docker tag', 'containers=$( docker ps'];

test('deploy: audit, tag latest and the prune go to each host in one round trip, in that order', async () => {
  const { result, fake } = await deploy();
  assert.ok(result.ok);
  for (const host of ['h1', 'h2', 'h3']) {
    const batched = fake.calls.filter((c) => c.host === host && c.batch !== undefined);
    assert.is(new Set(batched.map((c) => c.batch)).size, 1, `one batch on ${host}`);
    assert.equal(batched.map((c) => END_OF_HOST.findIndex((text) => c.command.includes(text))), [0, 1, 2]);
  }
  // Each node still records its own commands, under its own key.
  const recorded = result.commands.filter((c) => c.host === 'h2' && c.key.startsWith('app:latest'));
  assert.is(recorded.length, 1);
  // Round trips per host (commands and uploads): the web host with the lock, a web host, the worker
  // (its `docker run` and health wait in one, which also watches for an exit: no separate watch;
  // the pull and its label check in one).
  assert.equal(['h1', 'h2', 'h3'].map((h) => fake.roundTrips(h) + fake.uploads.filter((u) => u.host === h).length), [17, 15, 11]);
});

test('deploy: the current container is asked once per host and role (the stale check keeps it for the boot)', async () => {
  const { result, fake } = await deploy();
  assert.ok(result.ok);
  for (const host of ['h1', 'h2', 'h3']) assert.is(fake.commandsFor(host).filter((c) => c.includes('--latest')).length, 1, host);
});

test('a failing step fails as itself, with its command and stderr; the steps before it succeed, the ones after do not run', async () => {
  const { result, fake } = await deploy((fake) => fake.respond((h, c) => h === 'h2' && c.startsWith('docker tag'), { code: 1, stderr: 'no such image' }));
  assert.not.ok(result.ok);
  assert.equal(result.failures.map((f) => f.key), ['app:latest@h2']);
  const error = result.failures[0]!.error as CommandError;
  assert.instance(error, CommandError);
  assert.is(error.host, 'h2');
  assert.is(error.command, 'docker tag ghcr.io/acme/app:v2 ghcr.io/acme/app:latest');
  assert.is(error.stderr, 'no such image');
  const status = (key: string) => result.outcomes.find((o) => o.key === key)!;
  assert.is(status('audit:record@h2').status, 'success');
  assert.is(status('prune:containers-and-images@h2').status, 'skipped');
  assert.is(status('prune:containers-and-images@h2').reason, 'not run: app:latest@h2 failed');
  assert.not.ok(fake.commandsFor('h2').some((c) => c.includes('docker ps --all')), 'nothing after the failed step reached h2');
  // Other hosts' batches are their own.
  assert.is(status('prune:containers-and-images@h1').status, 'success');
});

test('a failure in the last step of a batch is that step\'s, named with its command; the steps before it succeeded', async () => {
  const { result } = await deploy((fake) => fake.respond((h, c) => h === 'h3' && c.startsWith('containers='), { code: 2, stderr: 'daemon gone' }));
  assert.equal(result.failures.map((f) => f.key), ['prune:containers-and-images@h3']);
  assert.match(result.failures[0]!.error!.message, /^h3: `containers=\$\( docker ps --all .* exited with 2\ndaemon gone$/s);
  assert.is(result.outcomes.find((o) => o.key === 'app:latest@h3')!.status, 'success');
});

test('a dry run records each step\'s commands under its own node and reaches no host', async () => {
  const { result, fake } = await runEngine({ plugins: [presetFor(undefined)], config, graph: 'deploy', dryRun: true });
  assert.ok(result.ok);
  assert.equal(fake.calls, []);
  const h1 = result.commands.filter((c) => c.host === 'h1').map((c) => c.key);
  assert.equal(h1.slice(-4), ['audit:record@h1', 'app:latest@h1', 'prune:containers-and-images@h1', 'lock:release@h1']);
});

test.run();
