import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import type { FakeTransportFactory, RecordedCall } from '../../core/transport/fake.js';
import { appPlugin } from '../../plugins/app/index.js';
import { runEngine } from '../support/engine.js';

const SERVERS = { web: ['h1', 'h2'], job: { hosts: ['h3'], cmd: 'bin/jobs' } };

/**
 * The hosts' current containers are v1; a new container's `docker run` and its health wait (one
 * round trip) are answered by `health`, the run recorded when it is sent, the health when answered.
 */
function scriptHosts(fake: FakeTransportFactory, events: string[], health: (host: string) => { code: number; stdout: string; delayMs?: number } = () => ({ code: 0, stdout: 'healthy' })) {
  fake.respond((_h, c) => c.includes('--latest') && c.includes('role=web'), { stdout: 'app-web-v1\n' });
  fake.respond((_h, c) => c.includes('--latest') && c.includes('role=job'), { stdout: 'app-job-v1\n' });
  for (const host of ['h1', 'h2', 'h3']) {
    const { delayMs, ...result } = health(host);
    fake.respond(
      (h, c) => {
        if (h !== host || !c.includes('gantry-run-healthy')) return false;
        events.push(`run ${host} ${/--name (\S+)/.exec(c)![1]}`);
        return true;
      },
      () => {
        events.push(`${result.code === 0 ? 'healthy' : 'unhealthy'} ${host}`);
        return result;
      },
      { delayMs },
    );
  }
}

const indexOf = (calls: RecordedCall[], host: string, text: string) => calls.findIndex((c) => c.host === host && c.command.includes(text));

test('deploy: web hosts boot at once; the job starts its new container only after a web container is healthy', async () => {
  const events: string[] = [];
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => scriptHosts(fake, events, (host) => ({ code: 0, stdout: 'healthy', delayMs: host === 'h1' ? 60 : host === 'h2' ? 120 : 0 })),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  // The web containers start in parallel; the barrier holds the job's new container until the
  // first web container is healthy (never two job containers running before that).
  assert.equal(events.slice(0, 2).sort(), ['run h1 app-web-v2', 'run h2 app-web-v2']);
  const calls = fake.calls;
  assert.ok(events.indexOf('run h3 app-job-v2') > events.indexOf('healthy h1'), 'the job waits for the first web container');
  assert.ok(events.indexOf('healthy h3') < events.indexOf('healthy h2'), 'and not for every web container');
  assert.match(calls[indexOf(calls, 'h3', 'docker run')]!.command, /--restart unless-stopped --name app-job-v2 --network kamal .* acme\/app:v2 bin\/jobs$/);
  // Old containers stop after the new one is healthy; non-proxied job uses drain_timeout.
  assert.ok(indexOf(calls, 'h1', 'docker stop app-web-v1') > indexOf(calls, 'h1', 'gantry-run-healthy'));
  assert.ok(indexOf(calls, 'h3', 'docker stop -t 30 app-job-v1') > indexOf(calls, 'h3', 'gantry-run-healthy'));
  // latest is tagged on every host, only after every role on every host booted.
  const lastBootStep = Math.max(...['h1', 'h2', 'h3'].map((h) => calls.map((c) => c.host === h && c.command.startsWith('docker stop')).lastIndexOf(true)));
  const tags = calls.flatMap((c, i) => (c.command === 'docker tag acme/app:v2 acme/app:latest' ? [i] : []));
  assert.equal(tags.length, 3);
  assert.ok(Math.min(...tags) > lastBootStep);
});

test('primary failure: the barrier closes, the job stops its new container and keeps its old one, exit 1 with host, command and logs', async () => {
  const events: string[] = [];
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => {
      fake.respond((h, c) => h === 'h1' && c.startsWith('docker logs'), { stdout: 'boom: database unreachable\n' });
      scriptHosts(fake, events, (host) => (host === 'h1' ? { code: 1, stdout: 'unhealthy' } : { code: 0, stdout: 'healthy', delayMs: 100 }));
    },
  });
  assert.not.ok(result.ok);
  assert.equal(result.exitCode, 1);
  const h1 = result.failures.find((f) => f.key === 'app:boot@h1')!;
  assert.match(h1.error!.message, 'h1: container app-web-v2 failed its health check (`docker inspect app-web-v2`: unhealthy)');
  assert.match(h1.error!.message, 'boom: database unreachable');
  assert.match(h1.error!.message, 'app-web-v1 keeps running');
  const barrier = result.failures.find((f) => f.key === 'app:barrier')!;
  assert.match(barrier.error!.message, 'halted at barrier');
  const h3Commands = fake.commandsFor('h3');
  assert.not.ok(h3Commands.some((c) => c.includes('docker run')), 'the job never starts a new container');
  assert.not.ok(h3Commands.some((c) => c.startsWith('docker stop')), 'the old job container keeps running');
  const h1Commands = fake.commandsFor('h1');
  assert.ok(h1Commands.includes('docker stop app-web-v2'), 'the failed new container is stopped');
  assert.not.ok(h1Commands.includes('docker stop app-web-v1'), 'the old web container keeps running');
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker tag')), 'latest is not re-tagged');
});

/** A v2 deploy of SERVERS with `boot.barrier: switch`, the fake scripted by `script`. */
function deployWithSwitchBarrier(script: (fake: FakeTransportFactory) => void) {
  return runEngine({ plugins: [appPlugin], config: { servers: SERVERS, boot: { barrier: 'switch' } }, graph: 'deploy', version: 'v2', script });
}

test('boot.barrier switch: the job starts and turns healthy alongside web, and stops its old container only after a web container is healthy', async () => {
  const events: string[] = [];
  const { result, fake } = await deployWithSwitchBarrier((fake) => {
    scriptHosts(fake, events, (host) => ({ code: 0, stdout: 'healthy', delayMs: host === 'h1' ? 80 : host === 'h2' ? 160 : 0 }));
    fake.respond('docker stop', (host, command) => {
      events.push(`stop ${host} ${command.split(' ').at(-1)}`);
      return {};
    });
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  // Every new container starts before any is healthy: the job does not wait to start.
  assert.equal(events.slice(0, 3).sort(), ['run h1 app-web-v2', 'run h2 app-web-v2', 'run h3 app-job-v2']);
  assert.ok(events.indexOf('healthy h3') < events.indexOf('healthy h1'), 'the job turns healthy before web');
  // The switch waits: the old job container stops only after the first web container is healthy.
  assert.ok(events.indexOf('stop h3 app-job-v1') > events.indexOf('healthy h1'), events.join(', '));
  assert.ok(events.indexOf('stop h3 app-job-v1') < events.indexOf('healthy h2'), 'and not for every web container');
  assert.ok(fake.commandsFor('h3').includes('docker stop -t 30 app-job-v1'));
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker rm')));
});

test('boot.barrier switch, primary failure: the job stops and removes its new container, its old one keeps running untouched', async () => {
  const events: string[] = [];
  const { result, fake } = await deployWithSwitchBarrier((fake) => {
    fake.respond((h, c) => h === 'h1' && c.startsWith('docker logs'), { stdout: 'boom: database unreachable\n' });
    scriptHosts(fake, events, (host) => (host === 'h1' ? { code: 1, stdout: 'unhealthy', delayMs: 80 } : { code: 0, stdout: 'healthy', delayMs: host === 'h2' ? 200 : 0 }));
  });
  assert.not.ok(result.ok);
  assert.equal(result.exitCode, 1);
  assert.ok(events.indexOf('run h3 app-job-v2') < events.indexOf('unhealthy h1'), 'the job started at once');
  assert.match(result.failures.find((f) => f.key === 'app:barrier')!.error!.message, 'halted at barrier: web failed on h1');
  const job = result.failures.find((f) => f.key === 'app:boot-others@h3')!.error!.message;
  assert.match(job, 'h3: halted at barrier: web failed on h1');
  assert.match(job, 'role job: app-job-v1 keeps running');
  assert.match(job, 'h3: stopped and removed app-job-v2');
  const h3 = fake.commandsFor('h3');
  assert.ok(h3.includes('docker stop -t 30 app-job-v2 && docker rm app-job-v2'), h3.join('\n'));
  assert.not.ok(h3.some((c) => c.includes('app-job-v1') && c.startsWith('docker stop')), 'the old job container is not stopped');
  assert.ok(fake.commandsFor('h1').includes('docker stop app-web-v2'), 'the failed web container is stopped (kept for its logs)');
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker tag')), 'latest is not re-tagged');
});

test('boot.barrier switch with rolling groups: later groups still wait for earlier ones', async () => {
  const events: string[] = [];
  const { result } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS, boot: { barrier: 'switch', limit: 1 } },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => scriptHosts(fake, events, () => ({ code: 0, stdout: 'healthy', delayMs: 20 })),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(events, ['run h1 app-web-v2', 'healthy h1', 'run h2 app-web-v2', 'healthy h2', 'run h3 app-job-v2', 'healthy h3']);
});

test('secrets only in the uploaded 0600 env file; clear and tag env as --env', async () => {
  const secretsPlugin = definePlugin({
    name: 'test-secrets',
    apply(engine) {
      engine.hooks.anyGraph.tap('test-secrets', (_builder, ctx) => {
        const values: Record<string, string> = { DB_PASSWORD: 's3cr3t-pw', API_KEY_PROD: 'k3y-value' };
        ctx.config.secrets = { get: (n) => values[n]!, has: (n) => n in values, names: () => Object.keys(values), redact: (t) => t };
      });
    },
  });
  const { result, fake } = await runEngine({
    plugins: [appPlugin, secretsPlugin],
    config: {
      servers: { web: [{ h1: 'gpu' }] },
      env: { clear: { RAILS_ENV: 'production' }, secret: ['DB_PASSWORD', 'API_KEY:API_KEY_PROD'], tags: { gpu: { clear: { CUDA: '1' } } } },
    },
    graph: 'deploy',
    version: 'v2',
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(fake.uploads, [
    { host: 'h1', path: '.kamal/apps/app/env/roles/web.env', mode: 0o600, content: 'DB_PASSWORD=s3cr3t-pw\nAPI_KEY=k3y-value\n' },
  ]);
  assert.not.ok(fake.calls.some((c) => c.command.includes('s3cr3t-pw') || c.command.includes('k3y-value')));
  const run = fake.calls.find((c) => c.command.includes('docker run'))!.command;
  assert.match(run, '--env RAILS_ENV=production --env CUDA=1 --env-file .kamal/apps/app/env/roles/web.env');
  // The env directory exists before the upload; the network and the env file before the docker run.
  const network = fake.log.findIndex((e) => 'command' in e && e.command.includes('docker network create kamal'));
  const mkdir = fake.log.findIndex((e) => 'command' in e && e.command === 'mkdir -p .kamal/apps/app/env/roles');
  const upload = fake.log.findIndex((e) => !('command' in e));
  const dockerRun = fake.log.findIndex((e) => 'command' in e && e.command.includes('docker run'));
  assert.ok(mkdir >= 0 && mkdir < upload && upload < dockerRun, JSON.stringify(fake.log));
  assert.ok(network >= 0 && network < dockerRun, JSON.stringify(fake.log));
});

test('redeploying the running version renames its container out of the way, then stops it', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: ['h1'] },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => {
      fake.respond('--latest', { stdout: 'app-web-v2\n' });
      fake.respond("name=^app-web-v2$", { stdout: 'abc123\n' });
      fake.respond('gantry-run-healthy', { stdout: 'healthy' });
    },
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  const rename = commands.find((c) => c.startsWith('docker rename'))!;
  const renamed = /^docker rename app-web-v2 (app-web-v2_replaced_[0-9a-f]{16})$/.exec(rename);
  assert.ok(renamed, rename);
  assert.ok(commands.indexOf(rename) < commands.findIndex((c) => c.includes('docker run')));
  assert.ok(commands.includes(`docker stop ${renamed![1]}`));
});

test('stale containers (running, not the current version) are stopped before the boot', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: ['h1'] },
    graph: 'deploy',
    version: 'v3',
    script: (fake) => {
      fake.respond('--latest', { stdout: 'app-web-v1\n' });
      fake.respond("--format '{{.Names}}'", { stdout: 'app-web-v1\napp-web-v2\n' });
      fake.respond('gantry-run-healthy', { stdout: 'healthy' });
    },
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  const stale = commands.indexOf('docker stop app-web-v2');
  assert.ok(stale >= 0 && stale < commands.findIndex((c) => c.includes('docker run')));
  assert.not.ok(commands.slice(0, stale).includes('docker stop app-web-v1'), 'the current container is not stale');
});

for (const barrier of ['start', 'switch'] as const) {
  test(`a dry run records the boot without waiting for gates or health (boot.barrier: ${barrier})`, async () => {
    const { result, fake } = await runEngine({ plugins: [appPlugin], config: { servers: SERVERS, boot: { limit: 1, barrier } }, graph: 'deploy', dryRun: true });
    assert.ok(result.ok);
    assert.equal(fake.calls.length, 0);
    assert.equal(result.commands.filter((c) => c.command.includes('docker run')).map((c) => c.host), ['h1', 'h2', 'h3']);
  });
}

test.run();
