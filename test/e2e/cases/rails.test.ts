/**
 * The rails preset on real hosts: a Rails-shaped app (busybox; bin/rails server/db:prepare/console,
 * bin/jobs) deploys with `preset: rails` and, of the app's own settings, only service, image,
 * servers and registry (the rest of the config is how this bed is reached: ssh, the builder's
 * base image, the proxy image it has). db:prepare runs once per deploy, on the primary, before
 * the first boot; a failing one leaves the old version serving; `gantry console` and
 * `gantry logs` (the preset's aliases) work.
 */
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { GANTRY_BIN, gantry } from '../support/gantry.js';
import { gantryOnTerminal } from '../support/terminal.js';
import { writeProject, type Project } from '../support/project.js';
import { ssh, sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1]!, tb.hosts[2]!];
const env = gantryEnv(tb);
const MASTER_KEY = '0123456789abcdef0123456789abcdef';
const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
let project: Project;

const config = {
  preset: 'rails',
  service: 'e2erails',
  image: 'e2e/rails',
  servers: { web: [h1.ip, h2.ip], jobs: [h3.ip] },
  registry: { server: tb.registry },
  // How this bed is reached, not what the app needs: its SSH key, its base image, its proxy image.
  ssh: { user: tb.ssh.user, keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
  builder: { arch: 'amd64', args: { BASE: tb.images.busybox } },
  proxy: { driver: 'caddy', run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion } },
};

/** The web container's journal of the storage volume on a host: `migrate …` and `boot …` lines. */
async function journal(ip: string): Promise<string[]> {
  const text = await sshOut(tb, ip, 'docker exec $(docker ps -q --filter label=service=e2erails --filter label=role=web | head -1) cat /rails/storage/journal');
  return text.split('\n');
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: body.trim() }));
    });
    req.on('error', fail);
    req.end();
  });
}

async function release(label: string, brokenMigration = false): Promise<void> {
  await writeFile(join(project.dir, 'www/version'), `${label}\n`);
  if (brokenMigration) await writeFile(join(project.dir, 'db/broken-migration'), 'ALTER TABLE nope;\n');
  else await rm(join(project.dir, 'db/broken-migration'), { force: true });
  project.git('add', '-A');
  project.git('commit', '-qm', label);
}

/** `remove` leaves named volumes alone (as Kamal's does): the storage volume goes by hand, so every run starts empty. */
async function removeStorage(): Promise<void> {
  for (const host of [h1, h2, h3]) await ssh(tb, host.ip, 'docker rm -f $(docker ps -aq --filter label=service=e2erails) >/dev/null 2>&1; docker volume rm -f e2erails_storage');
}

test.before(async () => {
  await removeStorage();
  project = await writeProject({ config, fixture: 'rails-app', git: true });
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
    await removeStorage();
  } finally {
    await project.remove();
  }
});

test('the config names only service, image, servers and registry of the app', () => {
  const appKeys = Object.keys(config).filter((key) => !['ssh', 'builder', 'proxy'].includes(key));
  assert.equal(appKeys, ['preset', 'service', 'image', 'servers', 'registry']);
  assert.equal(Object.keys(config.proxy), ['driver', 'run'], 'no healthcheck path or app port: the preset gives /up and 80');
});

test('first deploy: db:prepare ran once, on the primary, with the master key, before the first boot; /up answers; jobs runs bin/jobs', async () => {
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.not.match(r.stdout + r.stderr, MASTER_KEY, 'the master key is never printed');
  assert.equal(await journal(h1.ip), ['migrate v1 key=set', 'boot v1']);
  assert.equal(await journal(h2.ip), ['boot v1'], 'db:prepare ran on the primary only');
  const jobs = await sshOut(tb, h3.ip, "docker ps --filter label=service=e2erails --filter label=role=jobs --format '{{.Command}}'");
  assert.match(jobs, 'bin/jobs');
  for (const host of [h1, h2]) {
    assert.equal(await get(`http://${host.ip}/up`), { status: 200, body: 'OK' });
    assert.equal((await get(`http://${host.ip}/version`)).body, 'v1');
  }
});

test('a failing db:prepare stops the deploy before any boot: v1 keeps serving, nothing of v2 runs', async () => {
  await release('v2', true);
  const version = project.git('rev-parse', 'HEAD').trim();
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assert.match(r.stderr, `✖ bin/rails db:prepare (primary host, new image) · ${h1.ip}`, describeRun(r));
  assert.match(r.stderr, 'ActiveRecord::StatementInvalid: migration of v2 failed');
  for (const host of [h1, h2]) {
    assert.equal((await get(`http://${host.ip}/version`)).body, 'v1', `${host.ip} still serves v1`);
    assert.is(await sshOut(tb, host.ip, `docker ps -a -q --filter name=e2erails-web-${version}`), '', `no v2 container on ${host.ip}`);
  }
  assert.equal(await journal(h1.ip), ['migrate v1 key=set', 'boot v1']);
  assert.is(await sshOut(tb, h1.ip, 'ls -d .kamal/lock-e2erails 2>/dev/null || true'), '', 'the lock was released');
});

test('the next deploy migrates once more, then boots', async () => {
  await release('v3');
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.equal(await journal(h1.ip), ['migrate v1 key=set', 'boot v1', 'migrate v3 key=set', 'boot v3']);
  assert.equal(await journal(h2.ip), ['boot v1', 'boot v3']);
  assert.equal((await get(`http://${h2.ip}/version`)).body, 'v3');
});

test('gantry console: bin/rails console in the running container on the primary, on a terminal', async () => {
  const { code, output } = await gantryOnTerminal(['console'], { cwd: project.dir, env, when: /irb\(main\):001> /, keys: ['Post.count\r'] });
  assert.is(code, 0, output);
  assert.match(output, 'Loading production environment (v3)');
  assert.match(output, '=> Post.count');
});

test('gantry logs: follows the app containers until Ctrl-C', async () => {
  const child = spawn(process.execPath, [GANTRY_BIN, 'logs', '-T'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + 90_000;
  const seen = () => output.includes(`${h1.ip}: Listening on http://0.0.0.0:80 (v3)`) && output.includes(`${h3.ip}: jobs started (v3)`);
  while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.kill('SIGINT');
  const code = await exited;
  assert.ok(seen(), output);
  assert.is(code, 130);
});

test.run();
