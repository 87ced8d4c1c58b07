/**
 * The app's host setup runs alongside the pull (it only reads and writes env files); the stale
 * check and the boot use its answers; a new container's `docker run` and health wait (behind a
 * proxy: a stopped clash's rename and the `docker run`) are one round trip that still fails as
 * the command that failed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../core/errors.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { appPlugin } from '../../plugins/app/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { presetFor } from '../../presets/index.js';
import { runEngine } from '../support/engine.js';

const config = { servers: { web: { hosts: ['h1'], proxy: false }, jobs: ['h2'] }, registry: { server: 'ghcr.io', username: 'bot', password: 'pw' } };

function scriptHosts(fake: FakeTransportFactory): void {
  fake.respond('Labels.service', { stdout: 'app\n' });
  fake.respond('--latest', (host) => ({ stdout: host === 'h1' ? 'app-web-v1\n' : 'app-jobs-v1\n' }));
  fake.respond('gantry-run-healthy', { stdout: 'healthy' });
}

const deploy = (script: (fake: FakeTransportFactory) => void) =>
  runEngine({ plugins: [presetFor(undefined)], config, graph: 'deploy', version: 'v2', script: (fake) => (script(fake), scriptHosts(fake)) });

test('the host setup (env directory, env file, the boot questions) goes out while the pull is still running', async () => {
  // How long the whole log was when each host's (slow) pull, with its label check, ended.
  const pullEnded = new Map<string, number>();
  const { result, fake } = await deploy((fake) =>
    fake.respond('docker pull', (host) => (pullEnded.set(host, fake.log.length), { stdout: 'app\n' }), { delayMs: 150 }),
  );
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  for (const host of ['h1', 'h2']) {
    const on = (entries: typeof fake.log) => entries.filter((e) => e.host === host).map((e) => ('command' in e ? e.command : `upload ${e.path}`));
    const log = on(fake.log);
    const before = on(fake.log.slice(0, pullEnded.get(host)));
    const questions = ['docker ps --filter label=service=app', '( docker ps --latest', 'docker container ls --all --filter'];
    for (const part of ['mkdir -p .kamal/apps/app/env/roles', 'upload .kamal/apps/app/env/roles/', ...questions]) {
      assert.ok(before.some((c) => c.startsWith(part)), `${host}: ${part} while pulling:\n${log.join('\n')}`);
    }
    // Each asked once: the stale check and the boot take the answers.
    for (const part of questions) assert.is(log.filter((c) => c.startsWith(part)).length, 1, `${host}: ${part} once`);
    // The boot: docker run with its health wait, then the old container's stop.
    const boot = log.slice(before.length).filter((c) => c.startsWith('sh -c') || c.startsWith('docker stop'));
    assert.match(boot[0]!, /gantry-run-healthy app-(web|jobs)-v2 .* docker run --detach /);
    assert.match(boot[1]!, /^docker stop -t 30 app-(web|jobs)-v1$/);
  }
});

test('a failed question fails the host setup as that command, and nothing boots', async () => {
  const { result, fake } = await deploy((fake) => fake.respond((h, c) => h === 'h2' && c.startsWith('docker container ls --all'), { code: 1, stderr: 'Cannot connect to the Docker daemon' }));
  assert.not.ok(result.ok);
  const failure = result.failures.find((f) => f.key === 'app:host-setup@h2')!;
  const error = failure.error as CommandError;
  assert.instance(error, CommandError);
  assert.is(error.command, "docker container ls --all --filter 'name=^app-jobs-v2$' --format '{{.ID}} {{.State}}'");
  assert.is(error.stderr, 'Cannot connect to the Docker daemon');
  assert.not.ok(fake.calls.some((c) => c.command.includes('docker run')), 'no host booted');
});

test('a failed docker run fails as that command (host, command, exit code, stderr); the old container keeps running', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: { web: { hosts: ['h1'], proxy: false } } },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => {
      fake.respond('--latest', { stdout: 'app-web-v1\n' });
      fake.respond('gantry-run-healthy', { code: 4, stdout: 'run 125\n', stderr: 'docker: Error response from daemon: invalid mount config.\n' });
      fake.respond('docker stop app-web-v2', { code: 1, stderr: 'Error response from daemon: No such container: app-web-v2' });
    },
  });
  assert.not.ok(result.ok);
  const message = result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message;
  const run = fake.calls.find((c) => c.command.includes('gantry-run-healthy'))!.argv.slice(11);
  assert.equal(run.slice(0, 2), ['docker', 'run']);
  assert.ok(message.startsWith(`h1: \`${run.join(' ')}\` exited with 125\ndocker: Error response from daemon: invalid mount config.`), message);
  assert.match(message, 'role web: app-web-v1 keeps running');
  assert.not.match(message, 'stopped app-web-v2');
  assert.not.ok(fake.commandsFor('h1').includes('docker stop -t 30 app-web-v1'));
  assert.not.ok(fake.calls.some((c) => c.command.includes('docker logs')), 'no health verdict, no logs');
});

test('a container that fails its health check after the run: the wait’s verdict and its logs', async () => {
  const { result } = await runEngine({
    plugins: [appPlugin],
    config: { servers: { web: { hosts: ['h1'], proxy: false } } },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => {
      fake.respond('gantry-run-healthy', { code: 1, stdout: 'unhealthy\n' });
      fake.respond('docker logs', { stdout: 'listening on :3000\n' });
    },
  });
  const message = result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message;
  assert.match(message, 'h1: container app-web-v2 failed its health check (`docker inspect app-web-v2`: unhealthy)');
  assert.match(message, 'listening on :3000');
  assert.match(message, 'h1: stopped app-web-v2: started by this run, its boot did not finish');
});

/**
 * Redeploys v2 over a host whose container name app-web-v2 is taken (`clash`: `<id> <state>`);
 * proxied, web is behind the proxy (`docker run` alone, the proxy waits for health), else its
 * run and health wait are one script.
 */
const redeploy = (clash: string, { proxied = false, script = () => {} }: { proxied?: boolean; script?: (fake: FakeTransportFactory) => void } = {}) =>
  runEngine({
    plugins: proxied ? [appPlugin, proxyPlugin] : [appPlugin],
    config: { servers: proxied ? ['h1'] : { web: { hosts: ['h1'], proxy: false } } },
    graph: 'deploy',
    version: 'v2',
    script: (fake) => {
      script(fake);
      fake.respond('--latest', { stdout: 'app-web-v1\n' });
      fake.respond("name=^app-web-v2$", { stdout: clash });
      if (proxied) fake.respond('docker run', { stdout: '0123456789abcdef\n' });
      else fake.respond('gantry-run-healthy', { stdout: 'healthy' });
    },
  });

/** The script that starts the new container: with its health wait, or (proxied) the rename and run alone. */
const startScript = (proxied: boolean) => (proxied ? 'gantry-rename-run' : 'gantry-run-healthy');

test('a stopped container holding the new name is renamed in the same round trip as the docker run', async () => {
  const { result, fake } = await redeploy('abc123 exited\n');
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  assert.not.ok(commands.some((c) => c.startsWith('docker rename')), commands.join('\n'));
  const boot = fake.calls.find((c) => c.command.includes('gantry-run-healthy'))!.argv;
  assert.is(boot[9], 'app-web-v2');
  assert.match(boot[10] as string, /^app-web-v2_replaced_[0-9a-f]{16}$/);
  assert.equal(boot.slice(11, 13), ['docker', 'run']);
  assert.ok(commands.includes('docker stop -t 30 app-web-v1'));
});

test('proxied: a stopped container holding the new name is renamed in the same round trip as the docker run; the id reaches the switch', async () => {
  const { result, fake } = await redeploy('abc123 exited\n', { proxied: true });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  assert.not.ok(commands.some((c) => c.startsWith('docker rename')), commands.join('\n'));
  const start = fake.calls.find((c) => c.command.includes('gantry-rename-run'))!.argv;
  assert.equal(start.slice(0, 2), ['sh', '-c']);
  assert.is(start[3], 'gantry-rename-run');
  assert.is(start[4], 'app-web-v2');
  assert.match(start[5] as string, /^app-web-v2_replaced_[0-9a-f]{16}$/);
  assert.equal(start.slice(6, 8), ['docker', 'run']);
  assert.match(commands.find((c) => c.includes('kamal-proxy deploy'))!, ' --target=0123456789ab:80 ');
  assert.ok(commands.includes('docker stop app-web-v1'), commands.join('\n'));
});

test('a running container holding the new name (or one of unknown state) is renamed on its own first; proxied too', async () => {
  for (const proxied of [false, true]) {
    for (const clash of ['abc123 running\n', 'abc123\n']) {
      const { result, fake } = await redeploy(clash, { proxied });
      assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
      const commands = fake.commandsFor('h1');
      const rename = commands.findIndex((c) => c.startsWith('docker rename app-web-v2 app-web-v2_replaced_'));
      const run = commands.findIndex((c) => (proxied ? c.startsWith('docker run') : c.includes('gantry-run-healthy')));
      assert.ok(rename >= 0 && rename < run, commands.join('\n'));
      if (proxied) assert.not.ok(commands.some((c) => c.includes('gantry-rename-run')));
      else assert.equal(fake.calls.find((c) => c.command.includes('gantry-run-healthy'))!.argv.slice(9, 11), ['', '']);
    }
  }
});

test('a failed rename fails as that command; nothing started, nothing stopped; proxied too', async () => {
  for (const proxied of [false, true]) {
    const { result, fake } = await redeploy('abc123 exited\n', {
      proxied,
      script: (fake) => fake.respond(startScript(proxied), { code: 5, stdout: 'rename 1\n', stderr: 'Error response from daemon: No such container: app-web-v2\n' }),
    });
    assert.not.ok(result.ok);
    const message = result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message;
    assert.match(message, /^h1: `docker rename app-web-v2 app-web-v2_replaced_[0-9a-f]{16}` exited with 1\nError response from daemon: No such container: app-web-v2\nrole web: app-web-v1 keeps running$/);
    const commands = fake.commandsFor('h1');
    assert.not.ok(commands.some((c) => c.startsWith('docker stop') || c.includes('kamal-proxy deploy')), commands.join('\n'));
  }
});

test('proxied: a failed docker run after the rename fails as the docker run (command, exit code, stderr)', async () => {
  const { result, fake } = await redeploy('abc123 exited\n', {
    proxied: true,
    script: (fake) => {
      fake.respond('gantry-rename-run', { code: 4, stdout: 'run 125\n', stderr: 'docker: Error response from daemon: invalid mount config.\n' });
      fake.respond('docker stop app-web-v2', { code: 1, stderr: 'Error response from daemon: No such container: app-web-v2' });
    },
  });
  assert.not.ok(result.ok);
  const message = result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message;
  const run = fake.calls.find((c) => c.command.includes('gantry-rename-run'))!.argv.slice(6);
  assert.equal(run.slice(0, 2), ['docker', 'run']);
  assert.ok(message.startsWith(`h1: \`${run.join(' ')}\` exited with 125\ndocker: Error response from daemon: invalid mount config.`), message);
  assert.match(message, 'role web: app-web-v1 keeps running');
  assert.not.ok(fake.commandsFor('h1').some((c) => c.includes('kamal-proxy deploy')));
});

test.run();
