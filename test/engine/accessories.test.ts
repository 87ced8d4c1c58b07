import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GantryConfig } from '../../schemas/index.js';
import type { TerminalIo } from '../../core/transport/types.js';
import { runEngine, type EngineRunOptions } from '../support/engine.js';
import { accessoriesPlugin } from '../../plugins/accessories/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';

const SECRET = 'hunter2-redis-pass';
const ENV_FILE = '.kamal/apps/app/env/accessories/app-redis.env';
const servers = { web: { hosts: ['h1', 'h2'] }, job: { hosts: ['h3'] } } as GantryConfig['servers'];

const redis = {
  image: 'redis:7',
  host: 'h1',
  port: '127.0.0.1:6379:6379',
  cmd: 'redis-server --appendonly yes',
  volumes: ['redis-data:/data'],
  env: { clear: { MAXMEM: '64mb' }, secret: ['REDIS_PASSWORD'] },
  options: { memory: '256m' },
  labels: { backup: 'nightly' },
};

const REDIS_RUN =
  'docker run --name app-redis --detach --restart unless-stopped --network kamal --log-opt max-size=10m --publish 127.0.0.1:6379:6379 ' +
  `--env KAMAL_HOST=h1 --env MAXMEM=64mb --env-file ${ENV_FILE} --volume redis-data:/data --label service=app-redis --label backup=nightly ` +
  '--memory 256m redis:7 redis-server --appendonly yes';

const NETWORK = 'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal || docker network inspect kamal > /dev/null 2>&1';

function terminal(): TerminalIo & { shown: () => string } {
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  return { input: new PassThrough(), output, term: 'xterm', size: () => ({ rows: 30, cols: 90 }), setRawMode: () => {}, onResize: () => () => {}, shown: () => shown };
}

function run(graph: string, extra: Partial<EngineRunOptions> = {}, accessories: GantryConfig['accessories'] = { redis }) {
  return runEngine({ plugins: [accessoriesPlugin], config: { servers, accessories }, graph, secrets: { REDIS_PASSWORD: SECRET }, ...extra });
}

/** Every command, upload path and printed or logged line of a run: none may hold a secret. */
function assertNoSecret(outcome: Awaited<ReturnType<typeof run>>): void {
  const visible = [...outcome.fake.calls.map((c) => `${c.command} ${c.stdin ?? ''}`), ...outcome.fake.uploads.map((u) => u.path), ...outcome.printed, ...outcome.logged];
  for (const line of visible) assert.not.ok(line.includes(SECRET), `secret leaked in: ${line}`);
  for (const failure of outcome.result.failures) assert.not.ok(failure.error?.message.includes(SECRET));
}

test('accessory boot: Kamal\'s docker run on its one host; secrets only in the 0600 env file', async () => {
  const outcome = await run('accessory boot', { options: { name: 'redis' } });
  assert.ok(outcome.result.ok);
  assert.equal(outcome.fake.commandsFor('h1'), [
    NETWORK,
    'docker ps --all --quiet --filter label=service=app-redis',
    'mkdir -p .kamal/apps/app/env/accessories',
    REDIS_RUN,
  ]);
  assert.equal(outcome.fake.commandsFor('h2'), []);
  assert.equal(outcome.fake.uploads, [{ host: 'h1', path: ENV_FILE, mode: 0o600, content: `REDIS_PASSWORD=${SECRET}\n` }]);
  assertNoSecret(outcome);
});

test('accessory boot where a container exists is a no-op with a message, not a failure', async () => {
  const outcome = await run('accessory boot', { options: { name: 'all' }, script: (f) => f.respond('docker ps --all --quiet', { stdout: 'abc123\n' }) });
  assert.ok(outcome.result.ok);
  // The network step runs first, as Kamal's prepare does before it looks for the container.
  assert.equal(outcome.fake.commandsFor('h1'), [NETWORK, 'docker ps --all --quiet --filter label=service=app-redis']);
  assert.equal(outcome.logged, ['accessory redis: a container app-redis already exists on h1, not booting it (accessory reboot replaces it)']);
  assert.equal(outcome.fake.uploads, []);
});

test('placement by role: files (ERB rendered, mode kept) and directories on every host of the role', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gantry-acc-'));
  mkdirSync(join(root, 'conf'));
  writeFileSync(join(root, 'conf/site.conf.erb'), 'level=<%= ENV["LEVEL"] %>\n');
  writeFileSync(join(root, 'conf/run.sh'), '#!/bin/sh\n');
  chmodSync(join(root, 'conf/run.sh'), 0o750);
  const web = {
    image: 'busybox:1',
    role: 'web',
    env: { LEVEL: 'debug' },
    files: ['conf/site.conf.erb:/etc/site.conf', { local: 'conf/run.sh', remote: '/usr/local/bin/run.sh', owner: '1000:1000' }],
    directories: ['data:/var/data:z', { local: '/srv/shared', remote: '/shared', owner: '999:999' }],
  };
  const outcome = await run('accessory boot', { options: { name: 'web' }, root }, { web });
  assert.ok(outcome.result.ok, outcome.result.failures[0]?.error?.message);
  for (const host of ['h1', 'h2']) {
    assert.equal(outcome.fake.commandsFor(host), [
      NETWORK,
      'docker ps --all --quiet --filter label=service=app-web',
      'mkdir -p app-web/data /srv/shared app-web/etc app-web/usr/local/bin',
      'chown -R 999:999 /srv/shared',
      'chown 1000:1000 app-web/usr/local/bin/run.sh',
      'mkdir -p .kamal/apps/app/env/accessories',
      'docker run --name app-web --detach --restart unless-stopped --network kamal --log-opt max-size=10m ' +
        `--env KAMAL_HOST=${host} --env LEVEL=debug --env-file .kamal/apps/app/env/accessories/app-web.env ` +
        '--volume "$PWD"/app-web/etc/site.conf:/etc/site.conf --volume "$PWD"/app-web/usr/local/bin/run.sh:/usr/local/bin/run.sh ' +
        '--volume "$PWD"/app-web/data:/var/data:z --volume /srv/shared:/shared --label service=app-web busybox:1',
    ]);
  }
  assert.equal(outcome.fake.commandsFor('h3'), []);
  const h1Uploads = outcome.fake.uploads.filter((u) => u.host === 'h1').map((u) => [u.path, u.mode.toString(8), u.content]);
  assert.equal(h1Uploads, [
    ['app-web/etc/site.conf', '644', 'level=debug\n'],
    ['app-web/usr/local/bin/run.sh', '750', '#!/bin/sh\n'],
    ['.kamal/apps/app/env/accessories/app-web.env', '600', ''],
  ]);
});

test('accessory reboot: pull, stop, remove the container, run again; volumes and directories untouched', async () => {
  const outcome = await run('accessory reboot', { options: { name: 'redis' } });
  assert.ok(outcome.result.ok);
  assert.equal(outcome.fake.commandsFor('h1'), [
    NETWORK,
    'docker image pull redis:7',
    'docker container stop app-redis',
    'docker container prune --force --filter label=service=app-redis',
    'mkdir -p .kamal/apps/app/env/accessories',
    REDIS_RUN,
  ]);
  assert.not.ok(outcome.fake.calls.some((c) => /volume rm|rm -rf/.test(c.command)));
  assertNoSecret(outcome);
});

test('accessory start, stop, restart, details: Kamal\'s docker commands', async () => {
  const cases: [string, string[]][] = [
    ['accessory start', ['docker container start app-redis']],
    ['accessory stop', ['docker container stop app-redis']],
    ['accessory restart', ['docker container stop app-redis', 'docker container start app-redis']],
    ['accessory details', ['docker ps --filter label=service=app-redis']],
  ];
  for (const [graph, commands] of cases) {
    const outcome = await run(graph, { options: { name: 'redis' } });
    assert.ok(outcome.result.ok, graph);
    assert.equal(outcome.fake.commandsFor('h1'), commands, graph);
  }
  const details = await run('accessory details', { options: { name: 'redis' }, script: (f) => f.respond('docker ps', { stdout: 'CONTAINER ID   IMAGE\nabc   redis:7' }) });
  assert.equal(details.printed, ['Accessory redis Host: h1\nCONTAINER ID   IMAGE\nabc   redis:7']);
});

test('accessory exec: a new container by default, docker exec with --reuse; output printed', async () => {
  const fresh = await run('accessory exec', { options: { name: 'redis', command: "redis-cli -h app-redis SET k 'a b'" } });
  assert.equal(fresh.fake.commandsFor('h1'), [
    `docker run --rm --network kamal --env MAXMEM=64mb --env-file ${ENV_FILE} --volume redis-data:/data redis:7 redis-cli -h app-redis SET k 'a b'`,
  ]);
  const reused = await run('accessory exec', { options: { name: 'redis', command: 'redis-cli ping', reuse: true }, script: (f) => f.respond('docker exec', { stdout: 'PONG\n' }) });
  assert.equal(reused.fake.commandsFor('h1'), ['docker exec app-redis redis-cli ping']);
  assert.equal(reused.printed, ['Accessory redis Host: h1\nPONG']);
  assertNoSecret(fresh);
});

test('accessory logs: the shared log reader (-n, -s, -g with --grep-options, -T, -f) on the accessory’s hosts', async () => {
  const plain = await run('accessory logs', { options: { name: 'redis' }, script: (f) => f.respond('docker logs', { stdout: 'Ready\n' }) });
  assert.equal(plain.fake.commandsFor('h1'), ['docker logs --timestamps --tail 100 app-redis 2>&1']);
  assert.equal(plain.printed, ['Ready'], 'one host: no prefix');
  const some = await run('accessory logs', { options: { name: 'redis', lines: '5', since: '10m', grep: 'Ready', grepOptions: '-i', skipTimestamps: true } });
  assert.ok(some.result.ok);
  assert.equal(some.fake.commandsFor('h1'), ['docker logs --since 10m --tail 5 app-redis 2>&1 | grep --line-buffered -i -- Ready || [ $? -eq 1 ]']);
  const web = { web: { image: 'busybox', role: 'web' } };
  const followed = await run('accessory logs', { options: { name: 'web', follow: true }, script: (f) => f.respond('--follow', (host) => ({ stdout: `one ${host}\n` })) }, web);
  assert.equal(followed.fake.calls.map((c) => `${c.host} ${c.command}`).sort(), ['h1 docker logs --timestamps --tail 10 --follow app-web 2>&1', 'h2 docker logs --timestamps --tail 10 --follow app-web 2>&1']);
  assert.equal(followed.printed.sort(), ['h1: one h1', 'h2: one h2'], 'several hosts: each line names its host');
  const all = await run('accessory logs', { options: { name: 'all' }, script: (f) => f.respond('docker logs', { stdout: 'x\n' }) }, { redis, ...web });
  assert.equal(all.printed.sort(), ['redis: x', 'web on h1: x', 'web on h2: x']);
});

test('accessory exec -i: on the accessory’s first host, -it through the pseudo-terminal; the exit code passes through', async () => {
  const tty = terminal();
  const web = { web: { image: 'busybox', role: 'web' } };
  const reused = await run('accessory exec', { options: { name: 'web', command: 'sh', interactive: true, reuse: true }, terminal: tty, script: (f) => f.respond('docker exec', { stdout: '$ ', code: 3 }) }, web);
  assert.equal(reused.fake.calls.map((c) => [c.host, c.argv, c.pty]), [['h1', ['docker', 'exec', '-it', 'app-web', 'sh'], { rows: 30, cols: 90, term: 'xterm' }]]);
  assert.is(tty.shown(), '$ ');
  assert.is(reused.result.exitCode, 3);
  const fresh = await run('accessory exec', { options: { name: 'redis', command: 'redis-cli', interactive: true }, terminal: terminal() });
  assert.ok(fresh.result.ok);
  assert.equal(fresh.fake.calls[0]!.argv.slice(0, 4), ['docker', 'run', '-it', '--rm']);
  const noTerminal = await run('accessory exec', { options: { name: 'redis', command: 'redis-cli', interactive: true } });
  assert.match(noTerminal.result.failures[0]!.error!.message, 'an interactive command needs a terminal');
  try {
    await run('accessory exec', { options: { name: 'all', command: 'sh', interactive: true }, terminal: terminal() });
    assert.unreachable('-i with all ran');
  } catch (error) {
    assert.match((error as Error).message, 'accessory exec -i attaches your terminal to one accessory: name it instead of all');
  }
});

test('accessory remove refuses without -y and names what it would delete', async () => {
  let error: Error | undefined;
  try {
    await run('accessory remove', { options: { name: 'redis' } });
  } catch (e) {
    error = e as Error;
  }
  assert.is(
    error?.message,
    'accessory remove deletes:\n  redis on h1: container app-redis, image redis:7, env file .kamal/apps/app/env/accessories/app-redis.env; kept: volume redis-data (--remove-data deletes them)\npass -y to confirm',
  );
});

test('accessory remove -y: container and image by tag; data only with --remove-data', async () => {
  const kept = await run('accessory remove', { options: { name: 'redis', confirmed: true } });
  assert.equal(kept.fake.commandsFor('h1'), [
    'docker container stop app-redis',
    'docker container prune --force --filter label=service=app-redis',
    'docker image rm --force redis:7',
    `rm -f ${ENV_FILE}`,
  ]);
  const all = await run('accessory remove', { options: { name: 'redis', confirmed: true, removeData: true } });
  assert.equal(all.fake.commandsFor('h1').slice(3), [`rm -rf app-redis ${ENV_FILE}`, 'docker volume rm --force redis-data']);
});

test('setup boots every accessory, in config order, after the lock and before the app boots; deploy does not', async () => {
  const bootPlugin = definePlugin({
    name: 'test-boot',
    apply(engine) {
      engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
        builder.insertAfter(DEPLOY.ready, { id: 'test:boot', plugin: 'test-boot', dependsOn: [], scope: 'perHost', run: (env) => env.run(['echo', 'boot']).then(() => undefined) });
      });
    },
  });
  const accessories = { redis, web: { image: 'busybox', role: 'web' } };
  const setup = await runEngine({ plugins: [bootPlugin, accessoriesPlugin], config: { servers, accessories }, graph: 'setup', secrets: { REDIS_PASSWORD: SECRET } });
  assert.ok(setup.result.ok);
  const order = setup.result.outcomes.map((o) => o.nodeId).filter((id) => id.startsWith('accessory:') || id === 'test:boot');
  assert.equal([...new Set(order)], ['accessory:boot:redis', 'accessory:boot:web', 'test:boot']);
  const deploy = await runEngine({ plugins: [bootPlugin, accessoriesPlugin], config: { servers, accessories }, graph: 'deploy' });
  assert.not.ok(deploy.result.outcomes.some((o) => o.nodeId.startsWith('accessory:')));
});

test('remove removes every accessory; the top-level details graph lists them', async () => {
  const removed = await run('remove', { options: { confirmed: true } });
  assert.ok(removed.fake.commandsFor('h1').includes('docker image rm --force redis:7'));
  const detailsGraph = definePlugin({
    name: 'test-details',
    apply(engine) {
      engine.hooks.graphs.tap('test-details', (registry) => registry.set('details', { name: 'details', description: 'details', goals: [anchorsOf('details').done] }));
    },
  });
  const details = await runEngine({ plugins: [detailsGraph, accessoriesPlugin], config: { servers, accessories: { redis } }, graph: 'details' });
  assert.equal(details.fake.commandsFor('h1'), ['docker ps --filter label=service=app-redis']);
});

test('an accessory with its own registry logs in with the password on stdin', async () => {
  const registry = { server: 'reg.example.com', username: 'deploy', password: ['REG_PASSWORD'] };
  const outcome = await runEngine({
    plugins: [accessoriesPlugin],
    config: { servers, accessories: { redis: { ...redis, registry } } },
    graph: 'accessory boot',
    options: { name: 'redis' },
    secrets: { REDIS_PASSWORD: SECRET, REG_PASSWORD: 'registry-pass-9' },
  });
  const login = outcome.fake.calls.find((c) => c.command.startsWith('docker login'))!;
  assert.is(login.command, 'docker login reg.example.com -u deploy --password-stdin');
  assert.is(login.stdin, 'registry-pass-9');
});

test('an accessory with proxy: routed through kamal-proxy under its own name after it runs; unrouted on stop', async () => {
  const search = { image: 'search:1', host: 'h2', proxy: { host: 'search.example.com', app_port: 7700 } };
  const boot = await runEngine({
    plugins: [proxyPlugin, accessoriesPlugin],
    config: { servers, accessories: { search } },
    graph: 'accessory boot',
    options: { name: 'search' },
    script: (f) => f.respond('--filter status=running', { stdout: 'cid42\n' }),
  });
  assert.ok(boot.result.ok, boot.result.failures[0]?.error?.message);
  const commands = boot.fake.commandsFor('h2');
  assert.is(commands.at(-2), 'docker ps --quiet --filter label=service=app-search --filter status=running');
  assert.match(commands.at(-1)!, /^docker exec kamal-proxy kamal-proxy deploy app-search --target=cid42:7700 --host=search\.example\.com /);
  const stop = await runEngine({ plugins: [proxyPlugin, accessoriesPlugin], config: { servers, accessories: { search } }, graph: 'accessory stop', options: { name: 'search' } });
  assert.equal(stop.fake.commandsFor('h2'), ['docker exec kamal-proxy kamal-proxy remove app-search', 'docker container stop app-search']);
});

test('with the caddy driver an accessory gets route files of its own once healthy', async () => {
  const search = { image: 'search:1', host: 'h2', proxy: { host: 'search.example.com', app_port: 7700 } };
  const outcome = await runEngine({
    plugins: [proxyPlugin, accessoriesPlugin],
    config: { servers, proxy: { driver: 'caddy' }, accessories: { search } },
    graph: 'accessory boot',
    options: { name: 'search' },
    script: (f) => f.respond('--filter status=running', { stdout: 'cid42\n' }),
  });
  assert.ok(outcome.result.ok, outcome.result.failures[0]?.error?.message);
  const [wait, routes] = outcome.fake.commandsFor('h2').slice(-2);
  assert.match(wait!, 'cid42:7700');
  assert.match(routes!, 'app-search');
  assert.match(routes!, 'search.example.com');
});

test('an unknown accessory name is a clear error listing the known ones', async () => {
  let error: Error | undefined;
  try {
    await run('accessory boot', { options: { name: 'pg' } });
  } catch (e) {
    error = e as Error;
  }
  assert.is(error?.message, 'unknown accessory "pg" (accessories: redis; or all)');
});

test.run();
