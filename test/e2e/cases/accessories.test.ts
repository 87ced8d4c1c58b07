/**
 * Accessories on real hosts: a Redis (the test bed's image of Debian's redis-server) with a
 * named volume on h1, and a busybox accessory with an ERB file and a directory on both web
 * hosts (by role). `setup` boots both and deploys the app; the app reaches Redis by container
 * name over the `kamal` network; no key is lost across `accessory reboot` and a new deploy.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { ssh, sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2] = [tb.hosts[0]!, tb.hosts[1]!];
const env = gantryEnv(tb);
const SECRET = 'acc-secret-7f3a9c';
const KEYS = 200;
let project: Project;

const config = appConfig(tb, {
  service: 'e2eacc',
  extra: {
    builder: { arch: 'amd64', args: { BASE: tb.images.busybox } },
    accessories: {
      redis: {
        image: tb.images.redis,
        host: h1.ip,
        volumes: ['e2eacc-redis-data:/data'],
        env: { clear: { REDIS_ROLE: 'cache' }, secret: ['REDIS_TOKEN'] },
      },
      conf: {
        image: tb.images.busybox,
        role: 'web',
        // sh as PID 1 ignores SIGTERM unless it traps it: without the trap every stop takes 10 s.
        cmd: `sh -c 'trap "exit 0" TERM; while true; do sleep 1; done'`,
        env: { GREETING: 'hello' },
        files: ['conf/motd.erb:/etc/motd'],
        directories: ['data:/var/conf-data'],
      },
    },
  },
});

const run = (...args: string[]) => gantry(args, { cwd: project.dir, env });

async function redisCli(command: string): Promise<string> {
  return sshOut(tb, h1.name, `docker exec e2eacc-redis redis-cli ${command}`);
}

async function appContainer(): Promise<string> {
  return sshOut(tb, h1.name, "docker ps --filter label=service=e2eacc --filter label=role=web --format '{{.Names}}'");
}

async function containerId(host: string, name: string): Promise<string> {
  return sshOut(tb, host, `docker inspect -f '{{.Id}}' ${name}`);
}

function assertNoSecret(r: { stdout: string; stderr: string }): void {
  assert.not.ok(`${r.stdout}\n${r.stderr}`.includes(SECRET), 'the secret value is not printed');
}

test.before(async () => {
  project = await writeProject({
    config,
    fixture: 'app',
    git: true,
    files: { 'conf/motd.erb': 'greeting=<%= ENV["GREETING"] %>\n', '.kamal/secrets': `REDIS_TOKEN=${SECRET}\n` },
  });
});

test.after(async () => {
  try {
    await run('remove', '-y');
    await run('accessory', 'remove', 'all', '-y', '--remove-data');
  } finally {
    await project.remove();
  }
});

test('setup boots both accessories and deploys the app; files, directories, env file in place', async () => {
  const r = await run('setup');
  assert.is(r.code, 0, describeRun(r));
  assertNoSecret(r);
  assert.is(await sshOut(tb, h1.name, "docker inspect -f '{{.State.Status}} {{.HostConfig.NetworkMode}}' e2eacc-redis"), 'running kamal');
  for (const host of [h1, h2]) {
    assert.is(await sshOut(tb, host.name, 'docker exec e2eacc-conf cat /etc/motd'), 'greeting=hello');
    assert.is(await sshOut(tb, host.name, 'test -d e2eacc-conf/data && echo yes'), 'yes');
  }
  assert.is((await ssh(tb, tb.hosts[2]!.name, 'docker inspect e2eacc-conf')).code, 1, 'conf runs on the web role only');
  assert.is(await sshOut(tb, h1.name, 'stat -c %a .kamal/apps/e2eacc/env/accessories/e2eacc-redis.env'), '600');
  assert.is(await sshOut(tb, h1.name, `docker exec e2eacc-redis sh -c 'echo "$REDIS_TOKEN"'`), SECRET, 'the secret reaches the container through the env file');
  assert.not.ok((await sshOut(tb, h1.name, "docker inspect -f '{{json .Config.Cmd}} {{json .Args}}' e2eacc-redis")).includes(SECRET));
});

test('the app reaches Redis by container name over the kamal network', async () => {
  const app = await appContainer();
  const pong = await sshOut(tb, h1.name, `docker exec ${app} sh -c 'printf "PING\\r\\n" | nc -w 2 e2eacc-redis 6379'`);
  assert.is(pong.trim(), '+PONG');
});

test(`no key is lost across accessory reboot redis (${KEYS} keys)`, async () => {
  await sshOut(tb, h1.name, `docker exec e2eacc-redis sh -c 'i=0; while [ $i -lt ${KEYS} ]; do echo "SET key:$i value-$i"; i=$((i+1)); done | redis-cli > /dev/null'`);
  assert.is(await redisCli('DBSIZE'), String(KEYS));
  const before = await containerId(h1.name, 'e2eacc-redis');
  const r = await run('accessory', 'reboot', 'redis');
  assert.is(r.code, 0, describeRun(r));
  assert.is.not(await containerId(h1.name, 'e2eacc-redis'), before, 'a new container');
  assert.is(await redisCli('DBSIZE'), String(KEYS));
  assert.is(await redisCli(`GET key:${KEYS - 1}`), `value-${KEYS - 1}`);
});

test('a deploy of a new app version leaves Redis alone: 0 keys lost', async () => {
  const before = await containerId(h1.name, 'e2eacc-redis');
  await writeFile(join(project.dir, 'www/version'), 'v2\n');
  project.git('commit', '-qam', 'v2');
  const r = await run('deploy');
  assert.is(r.code, 0, describeRun(r));
  assert.is(await containerId(h1.name, 'e2eacc-redis'), before, 'the accessory container is untouched');
  assert.is(await redisCli('DBSIZE'), String(KEYS));
});

test('accessory boot of a running accessory is a no-op with a message', async () => {
  const r = await run('accessory', 'boot', 'redis');
  assert.is(r.code, 0, describeRun(r));
  assert.match(r.stderr, 'a container e2eacc-redis already exists on');
});

test("accessory exec redis 'redis-cli ping' (--reuse: in the running container; default: a new one on the network)", async () => {
  const reused = await run('accessory', 'exec', 'redis', 'redis-cli ping', '--reuse');
  assert.is(reused.code, 0, describeRun(reused));
  assert.match(reused.stdout, /Accessory redis Host: .*\nPONG/);
  const fresh = await run('accessory', 'exec', 'redis', 'redis-cli -h e2eacc-redis ping');
  assert.is(fresh.code, 0, describeRun(fresh));
  assert.match(fresh.stdout, 'PONG');
  assertNoSecret(fresh);
});

test('accessory logs redis --lines 5: the shared log reader, one host so no prefix, nothing but the lines', async () => {
  const r = await run('accessory', 'logs', 'redis', '--lines', '5');
  assert.is(r.code, 0, describeRun(r));
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 5, r.stdout);
  assert.ok(lines.every((line) => /^\d{4}-\d\d-\d\dT/.test(line)), 'timestamped');
});

test('accessory details all lists both accessories on their hosts', async () => {
  const r = await run('accessory', 'details', 'all');
  assert.is(r.code, 0, describeRun(r));
  assert.match(r.stdout, `Accessory redis Host: ${h1.ip}`);
  assert.match(r.stdout, `Accessory conf Host: ${h2.ip}`);
  assert.match(r.stdout, 'e2eacc-redis');
  assert.match(r.stdout, 'e2eacc-conf');
});

test('accessory remove redis: refused without -y (naming what goes), then the container and image go, the volume stays', async () => {
  const refused = await run('accessory', 'remove', 'redis');
  assert.is(refused.code, 1);
  assert.match(refused.stderr, `redis on ${h1.ip}: container e2eacc-redis, image ${tb.images.redis}`);
  assert.match(refused.stderr, 'kept: volume e2eacc-redis-data');
  assert.is(await redisCli('PING'), 'PONG', 'nothing removed');
  const r = await run('accessory', 'remove', 'redis', '-y');
  assert.is(r.code, 0, describeRun(r));
  assert.is((await ssh(tb, h1.name, 'docker inspect e2eacc-redis')).code, 1, 'container gone');
  assert.is((await ssh(tb, h1.name, `docker image inspect ${tb.images.redis}`)).code, 1, 'image gone');
  assert.is(await sshOut(tb, h1.name, 'docker volume ls -q --filter name=e2eacc-redis-data'), 'e2eacc-redis-data', 'data volume kept');
});

test.run();
