import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { toShell } from '../../core/transport/quote.js';
import { appPlugin } from '../../plugins/app/index.js';
import { pruneTaggedImages } from '../../plugins/prune/api.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runEngine } from '../support/engine.js';

const SERVERS = { web: ['h1', 'h2'], job: { hosts: ['h3'], cmd: 'bin/jobs' } };

/** `rollback v1` with the app plugin alone, the hosts answering as `script` says. */
const rollbackToV1 = (servers: GantryConfig['servers'], script: (fake: FakeTransportFactory) => void) =>
  runEngine({ plugins: [appPlugin], config: { servers }, graph: 'rollback', version: 'v1', script });

test('rollback: refused with every host/role missing the version, before any host boots', async () => {
  const { result, fake } = await rollbackToV1(SERVERS, (fake) => fake.respond((h, c) => h !== 'h3' && c.includes('name=^app-web-v1$'), { stdout: 'abc\n' }));
  assert.equal(result.exitCode, 1);
  assert.equal(result.failures.map((f) => f.key), ['app:rollback-check@h3']);
  assert.match(result.failures[0]!.error!.message, 'h3: cannot roll back to v1: no container of that version for role job (app-job-v1)');
  assert.not.ok(fake.calls.some((c) => c.command.includes('docker run')));
});

test("rollback: the check reads the host setup's answer (Docker is asked once per host and role for the version's container)", async () => {
  const { result, fake } = await rollbackToV1(SERVERS, (fake) => {
    fake.respond('name=^app-', { stdout: 'old-v1 exited\n' });
    fake.respond('gantry-run-healthy', { stdout: 'healthy' });
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  for (const [host, role] of [['h1', 'web'], ['h2', 'web'], ['h3', 'job']] as const) {
    assert.is(fake.commandsFor(host).filter((c) => c.includes(`name=^app-${role}-v1$`)).length, 1, host);
  }
});

test('rollback: renames the old container of that version and boots a new one from repo:version', async () => {
  const { result, fake } = await rollbackToV1(['h1'], (fake) => {
    fake.respond('--latest', { stdout: 'app-web-v2\n' });
    fake.respond('name=^app-web-v1$', { stdout: 'old-v1\n' });
    fake.respond('gantry-run-healthy', { stdout: 'healthy' });
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  const rename = commands.findIndex((c) => /^docker rename app-web-v1 app-web-v1_replaced_[0-9a-f]{16}$/.test(c));
  const run = commands.findIndex((c) => c.includes('docker run'));
  assert.ok(rename >= 0 && rename < run);
  assert.match(commands[run]!, /--name app-web-v1 .* acme\/app:v1$/);
  assert.ok(commands.includes('docker stop app-web-v2'));
  assert.ok(commands.includes('docker tag acme/app:v1 acme/app:latest'));
});

test('remove -d: stops and removes this destination’s containers and latest tag, then only images no container uses', async () => {
  const { result, fake } = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'remove', destination: 'staging' });
  assert.ok(result.ok);
  assert.equal(fake.commandsFor('h1'), [
    'docker ps --quiet --filter label=service=app --filter label=destination=staging | xargs -r docker stop',
    'docker container prune --force --filter label=service=app --filter label=destination=staging',
    'docker image rm acme/app:latest-staging',
    toShell(pruneTaggedImages('app')),
    'docker image prune --force --filter label=service=app',
    'rm -rf .kamal/apps/app-staging',
  ]);
});

test('app version prints the current version of every host', async () => {
  const { result, printed } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'app version',
    script: (fake) => {
      fake.respond((h, c) => h !== 'h2' && c.includes('role=web'), { stdout: 'app-web-v7\n' });
      fake.respond((_h, c) => c.includes('role=job'), { stdout: 'app-job-v7\n' });
    },
  });
  assert.ok(result.ok);
  assert.equal(printed.sort(), ['h1: v7', 'h2: (not running)', 'h3: v7']);
});

test('app boot boots ctx.version with the barrier and tags it latest', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'app boot',
    version: 'v5',
    script: (fake) => fake.respond('gantry-run-healthy', { stdout: 'healthy' }),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const runs = fake.calls.filter((c) => c.command.includes('docker run')).map((c) => c.host);
  assert.equal(runs.at(-1), 'h3');
  assert.equal(fake.calls.filter((c) => c.command === 'docker tag acme/app:v5 acme/app:latest').length, 3);
});

test.run();
