/**
 * Deploys that go wrong, one fault per case, against one deployed baseline (version "one" on h1
 * and h2 behind Caddy). Each case asserts the exit code, one error line naming the host and the
 * cause, the old version still serving through the proxy, the lock released, and no running
 * app container the proxy does not route.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun, run, type RunResult } from '../support/exec.js';
import { GANTRY_BIN, gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { ssh, sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';
import { waitFor } from '../support/wait.js';

const tb = loadTestbed();
const [h1, h2] = tb.hosts as [(typeof tb.hosts)[0], (typeof tb.hosts)[0]];
const env = gantryEnv(tb);
const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
const SERVICE = 'e2efault';
const HOST = 'fault.test';
const DEPLOY_TIMEOUT = 8;
const HEALTHY_RUN_APP = '#!/bin/sh\nhttpd -f -p 80 -h /www &\ntrap \'kill $!; wait $!; exit 0\' TERM INT\nwait $!\n';
let project: Project;
let baseline = '';

function served(ip: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(`http://${ip}/version`, { headers: { Host: HOST }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done(body.trim()));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A new commit (so a new version) with `label` served, and optionally another run-app. */
async function release(label: string, runApp = HEALTHY_RUN_APP, files: Record<string, string | null> = {}): Promise<string> {
  await writeFile(join(project.dir, 'www/version'), `${label}\n`);
  await writeFile(join(project.dir, 'run-app'), runApp, { mode: 0o755 });
  for (const [path, content] of Object.entries(files)) {
    if (content === null) project.git('rm', '-q', path);
    else await writeFile(join(project.dir, path), content);
  }
  project.git('add', '-A');
  project.git('commit', '-qm', label);
  return project.git('rev-parse', 'HEAD').trim();
}

/** What every fault must leave: the old version serving, no lock, only routed containers running. */
async function assertIntact(r: RunResult): Promise<void> {
  for (const host of [h1, h2]) {
    assert.is(await served(host.ip), 'one', `${host.name} still serves the old version\n${describeRun(r)}`);
    const running = await sshOut(tb, host.name, `docker ps --filter label=service=${SERVICE} --format '{{.Names}}'`);
    assert.equal(running.split('\n'), [`${SERVICE}-web-${baseline}`], `${host.name}: only the routed container runs`);
  }
  const lock = await gantry(['lock', 'status'], { cwd: project.dir, env });
  assert.match(lock.stdout, 'no lock', describeRun(lock));
}

/** The error line naming the host and the cause. */
function assertErrorLine(r: RunResult, pattern: RegExp): void {
  assert.ok(r.stderr.split('\n').some((line) => pattern.test(line.trim())), `no line matching ${pattern} in:\n${r.stderr}`);
}

/** A host as messages name it (the config lists hosts by address), as a RegExp source. */
const named = (host: { ip: string }) => host.ip.replace(/\./g, '\\.');

test.before(async () => {
  const config = appConfig(tb, {
    service: SERVICE,
    web: [0, 1],
    workers: [],
    proxy: {
      driver: 'caddy',
      host: HOST,
      app_port: 80,
      healthcheck: { path: '/up', interval: 1, timeout: 2 },
      run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion },
    },
    extra: { deploy_timeout: DEPLOY_TIMEOUT },
  });
  project = await writeProject({ config, fixture: 'app', git: true });
  baseline = await release('one');
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2]) assert.is(await served(host.ip), 'one');
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('container exits: the boot fails at once with the exit code, not after the deploy timeout', async () => {
  await release('exits', '#!/bin/sh\necho "fatal: no database configured" >&2\nexit 3\n');
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assertErrorLine(r, new RegExp(`^(${named(h1)}|${named(h2)}): container e2efault-web-\\w+ exited (with code 3|and was restarted)`));
  assert.match(r.stderr, 'fatal: no database configured');
  await assertIntact(r);
});

test('health never passes: fails after the deploy timeout naming the health check', async () => {
  await release('unhealthy', HEALTHY_RUN_APP, { 'www/up': null });
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assertErrorLine(r, new RegExp(`^(${named(h1)}|${named(h2)}): e2efault-web-\\w+ on \\S+ did not become healthy`));
  assertErrorLine(r, /^health check of http:\/\/\w+:80: wget: server returned error: HTTP\/1.1 404 Not Found/);
  await assertIntact(r);
});

test('concurrent deploy: refused while another holds the lock, naming the holder', async () => {
  await release('locked');
  const held = await gantry(['lock', 'acquire', '-m', 'someone else deploying'], { cwd: project.dir, env });
  assert.is(held.code, 0, describeRun(held));
  try {
    const r = await gantry(['deploy'], { cwd: project.dir, env });
    assert.is(r.code, 1, describeRun(r));
    assertErrorLine(r, new RegExp(`^deploy lock held on ${named(h1)}`));
    assert.match(r.stderr, 'someone else deploying');
    assert.not.match(r.stdout, 'docker push', 'a refused deploy pushes nothing');
  } finally {
    const released = await gantry(['lock', 'release'], { cwd: project.dir, env });
    assert.is(released.code, 0, describeRun(released));
  }
  await assertIntact({ code: 0, signal: null, stdout: '', stderr: '', durationMs: 0, timedOut: false });
});

test('unwritable env file: the upload fails naming host and path', async () => {
  await release('unwritable');
  const envFile = `.kamal/apps/${SERVICE}/env/roles/web.env`;
  await sshOut(tb, h2.name, `rm -f ${envFile} && mkdir ${envFile}`);
  try {
    const r = await gantry(['deploy'], { cwd: project.dir, env });
    assert.is(r.code, 1, describeRun(r));
    assertErrorLine(r, new RegExp(`^${named(h2)}: could not write \\.kamal/apps/e2efault/env/roles/web\\.env over SFTP`));
    await assertIntact(r);
  } finally {
    await sshOut(tb, h2.name, `rmdir ${envFile}`);
  }
});

test('registry unreachable from one host during pull: nothing boots anywhere', async () => {
  await release('noregistry');
  const [registryIp, registryPort] = tb.registry.split(':') as [string, string];
  // h2's own network namespace refuses the registry; the builder and h1 still reach it.
  const h2Netns = `${process.env.GANTRY_TESTBED_PREFIX ?? 'gt-'}${h2.name}`;
  const rule = ['OUTPUT', '-d', registryIp, '-p', 'tcp', '--dport', registryPort, '-j', 'REJECT'];
  const iptables = (op: string) => run('ip', ['netns', 'exec', h2Netns, 'iptables', op, ...rule]);
  const blocked = await iptables('-I');
  assert.is(blocked.code, 0, describeRun(blocked));
  try {
    const r = await gantry(['deploy'], { cwd: project.dir, env });
    assert.is(r.code, 1, describeRun(r));
    // The failure summary names the task and host on one line, the command's error below it.
    assertErrorLine(r, new RegExp(`^✖ pull the image · ${named(h2)}$`));
    assertErrorLine(r, new RegExp(`^Error response from daemon: .*${tb.registry.replace(/\./g, '\\.')}.*connection refused`));
    // The proxy may boot alongside the pull (it needs no app image); no app container starts.
    assert.not.match(r.stdout, new RegExp(`docker run [^\n]*--name ${SERVICE}-`), 'no host booted');
    await assertIntact(r);
  } finally {
    await iptables('-D');
  }
});

test('host key changed: refused before anything runs, naming the host', async () => {
  await release('hostkey');
  const knownHosts = await readFile(tb.ssh.knownHosts, 'utf8');
  // h1's entry (the primary, where the lock lives) now carries h2's key, as after a reinstall or an attack.
  const h2Key = knownHosts.split('\n').find((line) => line.split(/[ ,]/).includes(h2.ip))!.split(' ').slice(1).join(' ');
  const tampered = join(project.dir, 'known_hosts_tampered');
  await writeFile(tampered, `${knownHosts.split('\n').filter((l) => l && !l.split(/[ ,]/).includes(h1.ip)).join('\n')}\n${h1.ip} ${h2Key}\n`);
  await writeFile(join(project.dir, 'config/deploy.badkey.yml'), stringify({ ssh: { known_hosts: tampered } }));
  const r = await gantry(['deploy', '-d', 'badkey'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assertErrorLine(r, new RegExp(`${h1.ip.replace(/\./g, '\\.')}.*host key|host key.*${h1.ip.replace(/\./g, '\\.')}`, 'i'));
  const badkey = await sshOut(tb, h1.name, `docker ps -a --filter label=destination=badkey --format '{{.Names}}'`);
  assert.is(badkey, '');
  await assertIntact(r);
});

test('SIGINT mid-boot: exit 130, the new containers are stopped, and the run says so', async () => {
  const version = await release('interrupted', '#!/bin/sh\nsleep 3600\n');
  const child = spawn(process.execPath, [GANTRY_BIN, 'deploy'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((done) => child.on('close', done));
  await waitFor('the new container on h1', async () => (await ssh(tb, h1.name, `docker ps -q --filter name=^${SERVICE}-web-${version}$`)).stdout.trim() || undefined, {
    timeoutMs: 60_000,
  });
  child.kill('SIGINT');
  const code = await exited;
  const r = { code, signal: null, stdout: '', stderr, durationMs: 0, timedOut: false };
  assert.is(code, 130, describeRun(r));
  assertErrorLine(r, new RegExp(`^${named(h1)}: stopped ${SERVICE}-web-${version}: started by this run, its boot did not finish`));
  await assertIntact(r);
});

test('host down at start: the run fails naming the host and the refused connection, nothing boots', async () => {
  await release('hostdown');
  // h2's sshd no longer answers (its namespace resets port 22); its web port, behind Caddy, still serves.
  const h2Netns = `${process.env.GANTRY_TESTBED_PREFIX ?? 'gt-'}${h2.name}`;
  const rule = ['INPUT', '-p', 'tcp', '--dport', '22', '-j', 'REJECT', '--reject-with', 'tcp-reset'];
  const iptables = (op: string) => run('ip', ['netns', 'exec', h2Netns, 'iptables', op, ...rule]);
  const blocked = await iptables('-I');
  assert.is(blocked.code, 0, describeRun(blocked));
  let r: RunResult;
  try {
    r = await gantry(['deploy'], { cwd: project.dir, env });
  } finally {
    await iptables('-D');
  }
  assert.is(r.code, 1, describeRun(r));
  assertErrorLine(r, new RegExp(`^${named(h2)}: could not connect over SSH .*connection refused`));
  assert.not.match(r.stdout, new RegExp(`docker run [^\n]*--name ${SERVICE}-`), 'no host booted');
  await assertIntact(r);
});

test('SSH drop mid-boot: the run fails naming the host and the lost connection, the new container is stopped', async () => {
  const version = await release('sshdrop', '#!/bin/sh\nsleep 3600\n');
  const child = spawn(process.execPath, [GANTRY_BIN, 'deploy'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  await waitFor('the new container on h1', async () => (await ssh(tb, h1.name, `docker ps -q --filter name=^${SERVICE}-web-${version}$`)).stdout.trim() || undefined, {
    timeoutMs: 60_000,
  });
  // Every SSH session on h1 ends (the children of h1's sshd listener), as when the link drops;
  // the listener stays, so the run can reconnect to clean up.
  const listener = (await readFile(join(tb.dir, 'hosts', h1.name, 'run/sshd.pid'), 'utf8')).trim();
  const sessions = (await run('ps', ['-o', 'pid=', '--ppid', listener])).stdout.split('\n').map((pid) => pid.trim()).filter(Boolean);
  assert.ok(sessions.length > 0, 'gantry holds an SSH session to h1');
  for (const pid of sessions) process.kill(Number(pid), 'SIGKILL');
  const code = await exited;
  const r = { code, signal: null, stdout, stderr, durationMs: 0, timedOut: false };
  assert.is(code, 1, describeRun(r));
  assertErrorLine(r, new RegExp(`^${named(h1)}: SSH connection lost before \`.+\` finished \\(no exit status\\)`));
  assertErrorLine(r, new RegExp(`^${named(h1)}: stopped ${SERVICE}-web-${version}: started by this run, its boot did not finish`));
  await assertIntact(r);
});

test('zombies: none in the proxy container after the deploys and probes above', async () => {
  for (const host of [h1, h2]) {
    assert.is(await sshOut(tb, host.name, "docker inspect --format '{{.HostConfig.Init}}' gantry-caddy"), 'true');
    const states = await sshOut(tb, host.name, 'docker top gantry-caddy -o pid,stat,comm');
    const zombies = states.split('\n').filter((line) => /^\d+\s+Z/.test(line.trim()));
    assert.equal(zombies, [], `${host.name}: ${states}`);
  }
});

test.run();
