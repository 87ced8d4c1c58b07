import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appPlugin } from '../../plugins/app/index.js';
import type { TerminalIo } from '../../core/transport/types.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { runEngine } from '../support/engine.js';

const SERVERS = { web: { hosts: ['h1', 'h2'], env: { clear: { MODE: 'web' }, secret: ['DB_PASSWORD'] }, options: { memory: '512m' } }, job: { hosts: ['h3'], cmd: 'bin/jobs' } };

function terminal(): TerminalIo & { shown: () => string } {
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  return { input: new PassThrough(), output, term: 'xterm', size: () => ({ rows: 30, cols: 90 }), setRawMode: () => {}, onResize: () => () => {}, shown: () => shown };
}

test('app exec: a new container per host of the role, with its env, secrets file, options and network; output prefixed per host', async () => {
  const { result, fake, printed } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'app exec',
    options: { cmd: ['env'], roles: 'web' },
    hosts: [
      { name: 'h1', roles: ['web'], tags: [], primary: true },
      { name: 'h2', roles: ['web'], tags: [], primary: true },
    ],
    script: (f) => f.respond('docker run', (host) => ({ stdout: `MODE=web\nON=${host}\n` })),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const run = fake.calls.find((c) => c.host === 'h1' && c.command.startsWith('docker run'))!;
  assert.equal(run.argv, [
    'docker', 'run', '--rm', '--network', 'kamal', '--env', 'MODE=web', '--env-file', '.kamal/apps/app/env/roles/web.env', '--memory', '512m', 'acme/app:latest', 'env',
  ]);
  assert.ok(fake.uploads.some((u) => u.host === 'h2' && u.path === '.kamal/apps/app/env/roles/web.env' && u.mode === 0o600));
  assert.equal(printed.sort(), ['h1: MODE=web', 'h1: ON=h1', 'h2: MODE=web', 'h2: ON=h2']);
});

test('app exec: the command line splits as a shell would; -e adds env; --version picks the image; --detach keeps it running', async () => {
  const { fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: ['h1'] },
    graph: 'app exec',
    options: { cmd: ['sh -c "echo $HOME"'], env: ['A=1', 'B=x=y'], version: 'v7', detach: true },
    version: 'v7',
  });
  assert.equal(fake.calls.find((c) => c.command.startsWith('docker run'))!.argv, [
    'docker', 'run', '--detach', '--network', 'kamal', '--env', 'A=1', '--env', 'B=x=y', '--env-file', '.kamal/apps/app/env/roles/web.env', 'acme/app:v7', 'sh', '-c', 'echo $HOME',
  ]);
});

test('app exec --reuse: docker exec in the running container', async () => {
  const { result, fake, printed } = await runEngine({
    plugins: [appPlugin],
    config: { servers: ['h1'] },
    graph: 'app exec',
    options: { cmd: ['cat', '/version'], reuse: true },
    script: (f) => f.respond('--latest', { stdout: 'app-web-v3\n' }).respond('docker exec', { stdout: 'v3\n' }),
  });
  assert.ok(result.ok);
  assert.equal(fake.calls.at(-1)!.argv, ['docker', 'exec', 'app-web-v3', 'cat', '/version']);
  assert.equal(printed, ['v3']);
  assert.is(fake.uploads.length, 0, 'no env file for a container that has its own');
});

test('app exec --reuse with no running container says so', async () => {
  const { result } = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app exec', options: { cmd: ['bash'], reuse: true } });
  assert.match(result.failures[0]!.error!.message, 'h1: no running container of role web to run in');
});

test('app exec: the remote exit code becomes the run’s', async () => {
  const { result } = await runEngine({
    plugins: [appPlugin],
    config: { servers: ['h1'] },
    graph: 'app exec',
    options: { cmd: ['false'] },
    script: (f) => f.respond('docker run', { code: 3 }),
  });
  assert.is(result.exitCode, 3);
});

test('app exec -i: one host (the primary), -it through the terminal’s pseudo-terminal, exit code passed through', async () => {
  const tty = terminal();
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: SERVERS },
    graph: 'app exec',
    options: { cmd: ['bin/rails console'], interactive: true, reuse: true },
    terminal: tty,
    script: (f) => f.respond('--latest', { stdout: 'app-web-v3\n' }).respond('docker exec', { stdout: 'irb>', code: 4 }),
  });
  const interactive = fake.calls.filter((c) => c.pty);
  assert.equal(interactive.map((c) => [c.host, c.argv]), [['h1', ['docker', 'exec', '-it', 'app-web-v3', 'bin/rails', 'console']]]);
  assert.equal(interactive[0]!.pty, { rows: 30, cols: 90, term: 'xterm' });
  assert.is(tty.shown(), 'irb>');
  assert.is(result.exitCode, 4);
  assert.not.ok(fake.calls.some((c) => c.host !== 'h1'));
});

test('app exec -i without a terminal is a clear error', async () => {
  const { result } = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app exec', options: { cmd: ['sh'], interactive: true } });
  assert.match(result.failures[0]!.error!.message, 'h1: an interactive command needs a terminal');
});

test('app logs: the current container of each role, -n/-s/-T/-g as docker logs and grep, lines prefixed per host', async () => {
  const { result, fake, printed } = await runEngine({
    plugins: [appPlugin],
    config: { servers: { web: ['h1', 'h2'] } },
    graph: 'app logs',
    options: { lines: '3', since: '5m', grep: 'GET /', grepOptions: '-i' },
    script: (f) => f.respond('--latest', (host) => ({ stdout: `app-web-${host}\n` })).respond('docker logs', (host) => ({ stdout: `a ${host}\nb ${host}\n` })),
  });
  assert.ok(result.ok);
  assert.is(
    fake.commandsFor('h1').at(-1),
    "docker logs --timestamps --since 5m --tail 3 app-web-h1 2>&1 | grep --line-buffered -i -- 'GET /' || [ $? -eq 1 ]",
  );
  assert.equal(printed.sort(), ['h1: a h1', 'h1: b h1', 'h2: a h2', 'h2: b h2']);
});

test('app logs: 100 timestamped lines by default; -f: 10 then --follow; -T: no timestamps; --container-id reads that container', async () => {
  const plain = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app logs', script: (f) => f.respond('--latest', { stdout: 'app-web-v1\n' }) });
  assert.is(plain.fake.commandsFor('h1').at(-1), 'docker logs --timestamps --tail 100 app-web-v1 2>&1');
  const follow = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app logs', options: { follow: true, containerId: 'abc123', skipTimestamps: true } });
  assert.equal(follow.fake.commandsFor('h1'), ['docker logs --tail 10 --follow abc123 2>&1']);
});

test('app stale_containers --stop stops the running containers of other versions; without it they are listed', async () => {
  const script = (f: FakeTransportFactory) =>
    f.respond('--latest', { stdout: 'app-web-v3\n' }).respond('--format {{.Names}}', { stdout: 'app-web-v3\napp-web-v1\n' }).respond("'{{.Names}}'", { stdout: 'app-web-v3\napp-web-v1\n' });
  const stop = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app stale_containers', options: { stop: true }, script });
  assert.ok(stop.fake.commandsFor('h1').includes('docker stop app-web-v1'));
  const list = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app stale_containers', script });
  assert.equal(list.printed, ['h1: app-web-v1']);
  assert.not.ok(list.fake.commandsFor('h1').some((c) => c.startsWith('docker stop')));
});

test.run();
