/**
 * The app lifecycle with the proxy, and the accessory commands that share app's paths, on real
 * hosts (issue 11, items 2 and 6, and `-y`): app stop takes the route off the proxy (Caddy then
 * answers 404), app start routes to the container again; remove asks on a terminal and refuses
 * without one; accessory logs through the shared reader (host prefixes); accessory exec -i on a
 * pseudo-terminal; proxy reboot goes ahead on a yes; remove -y removes the proxy once no app is left on the host.
 */
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { gantryOnTerminal } from '../support/terminal.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';
import { waitFor } from '../support/wait.js';

const tb = loadTestbed();
const [h1, h2] = [tb.hosts[0]!, tb.hosts[1]!];
const env = gantryEnv(tb);
const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
let project: Project;

const config = appConfig(tb, {
  service: 'e2elife',
  web: [0],
  workers: [],
  proxy: { driver: 'caddy', app_port: 80, healthcheck: { path: '/up', interval: 1, timeout: 2 }, run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion } },
  extra: {
    accessories: {
      note: {
        image: tb.images.busybox,
        hosts: [h1.ip, h2.ip],
        // sh as PID 1 ignores SIGTERM unless it traps it.
        cmd: `sh -c 'trap "exit 0" TERM; echo note-1; echo note-2; echo note-3; while true; do sleep 1; done'`,
      },
    },
  },
});

const run = (...args: string[]) => gantry(args, { cwd: project.dir, env });

/** The HTTP status the proxy on h1 answers for the app's /version. */
function status(): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(`http://${h1.ip}/version`, { timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

test.before(async () => {
  project = await writeProject({ config, fixture: 'app', git: true });
  const r = await run('setup');
  // uvu 0.5 reports a failing hook as nothing at all: say why before the cases fail.
  if (r.code !== 0) console.error(`setup failed: ${describeRun(r)}`);
});

test.after(async () => {
  try {
    await run('remove', '-y');
  } finally {
    await project.remove();
  }
});

test('app stop takes the route off the proxy first (404), app start routes to the container again (200)', async () => {
  assert.is(await status(), 200);
  const stop = await run('app', 'stop');
  assert.is(stop.code, 0, describeRun(stop));
  assert.is(await status(), 404);
  assert.is(await sshOut(tb, h1.name, "docker ps --filter label=service=e2elife --filter label=role=web --format '{{.Names}}'"), '');
  const start = await run('app', 'start');
  assert.is(start.code, 0, describeRun(start));
  assert.is(await status(), 200);
});

test('remove without a terminal and without -y is refused, naming -y; on a terminal "n" aborts; nothing changes', async () => {
  const refused = await run('remove');
  assert.is(refused.code, 1);
  assert.match(refused.stderr, 'pass -y to confirm');
  const declined = await gantryOnTerminal(['remove'], { cwd: project.dir, env, when: /\[y\/N\] $/, keys: ['n\r'] });
  assert.is(declined.code, 1, declined.output);
  assert.match(declined.output, 'Aborted: nothing was changed');
  assert.is(await status(), 200);
});

test('accessory logs -n 2 -T: the shared reader, two lines from each host, prefixed with the host', async () => {
  const r = await run('accessory', 'logs', 'note', '-n', '2', '-T');
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2]) {
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith(`${host.ip}: `)), [`${host.ip}: note-2`, `${host.ip}: note-3`], r.stdout);
  }
});

test('accessory exec -i note sh: a pseudo-terminal on the first host; keys in, output out, exit code back', async () => {
  const r = await gantryOnTerminal(['accessory', 'exec', '-i', '--reuse', 'note', 'sh'], { cwd: project.dir, env, when: /[#$] /, keys: ['echo $((6*7))\r', 'exit 3\r'] });
  assert.match(r.output, /\b42\b/, r.output);
  assert.is(r.code, 3, r.output);
});

test('proxy reboot on a terminal: "y" goes ahead; the proxy container is replaced and routes to the app again', async () => {
  const proxyId = () => sshOut(tb, h1.name, "docker ps --all --filter name=gantry-caddy --format '{{.ID}}'");
  const before = await proxyId();
  const r = await gantryOnTerminal(['proxy', 'reboot'], { cwd: project.dir, env, when: /\[y\/N\] $/, keys: ['y\r'] });
  assert.is(r.code, 0, r.output);
  assert.ok(before && (await proxyId()) && (await proxyId()) !== before, 'a new proxy container');
  assert.is(await waitFor('the app behind the rebooted proxy', async () => (await status().catch(() => 0)) === 200 || undefined, { timeoutMs: 20_000 }), true);
});

test('remove -y: the app, its accessories and, with no other app on the host, the proxy go', async () => {
  const r = await run('remove', '-y');
  assert.is(r.code, 0, describeRun(r));
  assert.is(await sshOut(tb, h1.name, "docker ps --all --filter name=gantry-caddy --format '{{.Names}}'"), '');
  assert.is(await sshOut(tb, h1.name, "docker ps --all --filter label=service=e2elife --format '{{.Names}}'"), '');
});

test.run();
