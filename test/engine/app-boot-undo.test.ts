/**
 * What a failed or interrupted boot leaves behind: containers this run started are stopped,
 * hosts that already switched go back to the version they ran (boot.on_failure), and the run
 * reports per host what runs now.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GantryError } from '../../core/errors.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { appPlugin } from '../../plugins/app/index.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runEngine } from '../support/engine.js';

type Health = { code: number; stdout: string; delayMs?: number };

/** Each host runs app-web-v1 (the `latest` image's container, so current while it runs). */
function scriptHosts(fake: FakeTransportFactory, health: (host: string, container: string) => Health): void {
  const running = new Map([['h1', new Set(['app-web-v1'])], ['h2', new Set(['app-web-v1'])]]);
  const current = (host: string) => {
    const names = running.get(host)!;
    return names.has('app-web-v1') ? 'app-web-v1' : ([...names][0] ?? '');
  };
  const named = (command: string) => command.split(' ').pop()!;
  fake.respond('--latest', (host) => ({ stdout: `${current(host)}\n` }));
  for (const host of ['h1', 'h2']) {
    for (const container of ['app-web-v1', 'app-web-v2']) {
      const { delayMs, ...result } = health(host, container);
      // A new container's `docker run` comes in the same round trip as its health wait.
      const waits = (c: string) => c.includes('gantry-wait-healthy') || c.includes('gantry-run-healthy');
      fake.respond((h, c) => h === host && waits(c) && c.includes(` ${container} `), (_h, c) => {
        if (c.includes('gantry-run-healthy')) running.get(host)!.add(container);
        return result;
      }, { delayMs });
    }
  }
  fake.respond('docker run', (host, command) => {
    running.get(host)!.add(/--name (\S+)/.exec(command)![1]!);
    return { stdout: `cid-${host}\n` };
  });
  fake.respond('docker stop', (host, command) => (running.get(host)!.delete(named(command)), { code: 0 }));
  fake.respond('docker start', (host, command) => (running.get(host)!.add(named(command)), { code: 0 }));
  fake.respond('name=^app-web-v1$', { stdout: 'old-id\n' });
}

const deploy = (script: (fake: FakeTransportFactory) => void, config: Partial<GantryConfig> = {}, signal?: AbortSignal) =>
  runEngine({ plugins: [appPlugin], config: { servers: { web: ['h1', 'h2'] }, ...config }, graph: 'deploy', version: 'v2', script, signal });

test('a host that switched before another failed is rolled back to the container it ran, and the report says what runs where', async () => {
  const { result, fake, logged } = await deploy((fake) =>
    scriptHosts(fake, (host, container) =>
      host === 'h2' && container === 'app-web-v2' ? { code: 1, stdout: 'exited', delayMs: 150 } : { code: 0, stdout: 'healthy' },
    ),
  );
  assert.equal(result.exitCode, 1);
  assert.equal(result.failures.map((f) => f.key).filter((k) => k.startsWith('app:boot@')), ['app:boot@h2']);
  const h1 = fake.commandsFor('h1');
  const order = ['docker stop app-web-v1', 'docker start app-web-v1', 'docker stop app-web-v2'].map((c) => h1.indexOf(c));
  assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!)), `switch, then back: ${h1.join('\n')}`);
  assert.ok(h1.some((c, i) => i > order[1]! && c.includes('gantry-wait-healthy') && c.includes(' app-web-v1 ')), 'the old container is healthy again first');
  assert.ok(logged.includes('h1: web rolled back from app-web-v2 to app-web-v1 (boot.on_failure: rollback)'), logged.join('\n'));
  assert.ok(logged.includes('h1: web now runs app-web-v1'), logged.join('\n'));
  assert.ok(logged.includes('h2: web now runs app-web-v1'), logged.join('\n'));
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker tag')), 'latest still names the old version');
});

test('boot.on_failure: keep leaves switched hosts on the new version, and says so', async () => {
  const { result, fake, logged } = await deploy(
    (fake) =>
      scriptHosts(fake, (host, container) =>
        host === 'h2' && container === 'app-web-v2' ? { code: 1, stdout: 'exited', delayMs: 150 } : { code: 0, stdout: 'healthy' },
      ),
    { boot: { on_failure: 'keep' } },
  );
  assert.equal(result.exitCode, 1);
  assert.not.ok(fake.commandsFor('h1').includes('docker start app-web-v1'));
  assert.ok(logged.includes('h1: web now runs app-web-v2'), logged.join('\n'));
  assert.ok(logged.includes('h2: web now runs app-web-v1'), logged.join('\n'));
});

test('after a failure, a host whose new container is not switched yet does not switch', async () => {
  const { result, fake } = await deploy((fake) =>
    scriptHosts(fake, (host, container) =>
      container === 'app-web-v1' ? { code: 0, stdout: 'healthy' } : host === 'h1' ? { code: 1, stdout: 'exited' } : { code: 0, stdout: 'healthy', delayMs: 150 },
    ),
  );
  assert.equal(result.exitCode, 1);
  const h2 = result.failures.find((f) => f.key === 'app:boot@h2')!;
  assert.match(h2.error!.message, /h2: not switched to app-web-v2: app:boot on h1 failed\nrole web: app-web-v1 keeps running/);
  assert.ok(fake.commandsFor('h2').includes('docker stop app-web-v2'));
  assert.not.ok(fake.commandsFor('h2').includes('docker stop app-web-v1'), 'the old container keeps serving');
});

test('an interrupt during `docker run` stops the container it created, by name, and the run reports it', async () => {
  const interrupt = new AbortController();
  const { result, fake, logged } = await deploy(
    (fake) => {
      // `docker run` never returns: Ctrl-C arrives while it runs.
      fake.respond(
        'docker run',
        () => {
          throw new Error('unreachable: the run was interrupted first');
        },
        { delayMs: 10_000 },
      );
      scriptHosts(fake, () => ({ code: 0, stdout: 'healthy' }));
      setTimeout(() => interrupt.abort(), 100);
    },
    {},
    interrupt.signal,
  );
  assert.equal(result.exitCode, 130);
  for (const host of ['h1', 'h2']) {
    const commands = fake.commandsFor(host);
    assert.ok(commands.indexOf('docker stop app-web-v2') > commands.findIndex((c) => c.includes('docker run')), commands.join('\n'));
    assert.not.ok(commands.includes('docker stop app-web-v1'));
    assert.ok(logged.includes(`${host}: stopped app-web-v2: started by this run, its boot did not finish`), logged.join('\n'));
  }
});

test('an SSH drop during `docker run` (and its health wait) stops the container by name on a new channel, and the error says what was lost', async () => {
  const { result, fake } = await deploy((fake) => {
    fake.respond(
      (host, command) => host === 'h1' && command.includes('docker run'),
      () => {
        throw new GantryError("h1: SSH connection lost before `sh -c '…' gantry-run-healthy app-web-v2 … docker run --detach …` finished (no exit status)");
      },
    );
    scriptHosts(fake, () => ({ code: 0, stdout: 'healthy' }));
  });
  assert.equal(result.exitCode, 1);
  const commands = fake.commandsFor('h1');
  assert.ok(commands.indexOf('docker stop app-web-v2') > commands.findIndex((c) => c.includes('docker run')), commands.join('\n'));
  assert.not.ok(commands.includes('docker stop app-web-v1'), 'the old container keeps serving');
  assert.match(result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message, /^h1: SSH connection lost before `sh -c .* docker run/);
});

test.run();
