/**
 * The deploy pipeline on real hosts, through the CLI, from a git checkout of the fixture app:
 * 2 web hosts + 1 worker host (web not proxied here; the proxy has its own cases).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1]!, tb.hosts[2]!];
const env = gantryEnv(tb);
let project: Project;
const versions: string[] = [];

async function containers(host: string): Promise<{ name: string; state: string }[]> {
  const out = await sshOut(tb, host, "docker ps -a --filter label=service=e2eapp --format '{{.Names}} {{.State}}'");
  return out ? out.split('\n').map((l) => { const [name, state] = l.split(' ') as [string, string]; return { name, state }; }) : [];
}

/** The service's image tags on a host, and the tags its containers (any state) were created from. */
async function imageTags(host: string): Promise<{ tags: string[]; used: string[] }> {
  const lines = async (command: string) => ((await sshOut(tb, host, command)) || '').split('\n').filter(Boolean);
  const tags = await lines("docker image ls --filter label=service=e2eapp --format '{{.Tag}}'");
  const used = (await lines("docker ps -a --filter label=service=e2eapp --format '{{.Image}}'")).map((image) => image.slice(image.lastIndexOf(':') + 1));
  return { tags: [...new Set(tags)].sort(), used: [...new Set(used)].sort() };
}

async function running(host: string): Promise<string[]> {
  return (await containers(host)).filter((c) => c.state === 'running').map((c) => c.name).sort();
}

/** What the app in a container answers at /version. */
function served(host: string, container: string): Promise<string> {
  return sshOut(tb, host, `docker exec ${container} wget -qO- http://127.0.0.1/version`);
}

async function commitRelease(label: string, runApp?: string): Promise<string> {
  await writeFile(join(project.dir, 'www/version'), `${label}\n`);
  if (runApp) await writeFile(join(project.dir, 'run-app'), runApp, { mode: 0o755 });
  project.git('commit', '-qam', label);
  return project.git('rev-parse', 'HEAD').trim();
}

async function deploy(...args: string[]) {
  const started = Date.now();
  const r = await gantry(['deploy', ...args], { cwd: project.dir, env });
  console.log(`    deploy ${args.join(' ')} → exit ${r.code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r;
}

test.before(async () => {
  project = await writeProject({ config: appConfig(tb), fixture: 'app', git: true });
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('deploy v1: web on two hosts, the worker on the third, all from the commit', async () => {
  versions.push(await commitRelease('v1'));
  const r = await deploy();
  assert.is(r.code, 0, describeRun(r));
  assert.equal(await running(h1.name), [`e2eapp-web-${versions[0]}`]);
  assert.equal(await running(h2.name), [`e2eapp-web-${versions[0]}`]);
  assert.equal(await running(h3.name), [`e2eapp-workers-${versions[0]}`]);
  assert.is(await served(h1.name, `e2eapp-web-${versions[0]}`), 'v1');
  const latest = await sshOut(tb, h1.name, `docker image inspect -f '{{.Id}}' ${tb.registry}/e2e/e2eapp:latest`);
  const deployed = await sshOut(tb, h1.name, `docker image inspect -f '{{.Id}}' ${tb.registry}/e2e/e2eapp:${versions[0]}`);
  assert.is(latest, deployed, 'latest tagged on the host');
});

test('deploy v2 replaces every container; the old ones stay stopped for rollback', async () => {
  versions.push(await commitRelease('v2'));
  const r = await deploy();
  assert.is(r.code, 0, describeRun(r));
  assert.equal(await running(h1.name), [`e2eapp-web-${versions[1]}`]);
  assert.equal(await running(h3.name), [`e2eapp-workers-${versions[1]}`]);
  assert.is(await served(h2.name, `e2eapp-web-${versions[1]}`), 'v2');
  assert.ok((await containers(h1.name)).some((c) => c.name === `e2eapp-web-${versions[0]}` && c.state === 'exited'));
});

test('rollback to v1 boots v1 again on every host', async () => {
  const r = await gantry(['rollback', versions[0]!], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const h of [h1, h2]) assert.equal(await running(h.name), [`e2eapp-web-${versions[0]}`]);
  assert.equal(await running(h3.name), [`e2eapp-workers-${versions[0]}`]);
  assert.is(await served(h1.name, `e2eapp-web-${versions[0]}`), 'v1');
});

test('prune keeps 2 stopped containers per role, and exactly the images its containers use plus latest', async () => {
  versions.push(await commitRelease('v3'));
  assert.is((await deploy()).code, 0);
  const r = await gantry(['prune', '--retain', '2'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const h of [h1, h2, h3]) {
    const stopped = (await containers(h.name)).filter((c) => c.state !== 'running');
    assert.ok(stopped.length <= 2, `${h.name}: ${JSON.stringify(stopped)}`);
    const { tags, used } = await imageTags(h.name);
    assert.ok(used.includes(versions[2]!), `${h.name}: the running version's image stays`);
    assert.equal(tags.filter((tag) => tag !== 'latest'), used, `${h.name}: images ${tags.join(' ')}, used ${used.join(' ')}`);
    assert.ok(tags.includes('latest'), `${h.name}: latest stays`);
  }
  // Nothing left to remove: the second prune lists and removes nothing.
  const again = await gantry(['prune', '--retain', '2'], { cwd: project.dir, env });
  assert.is(again.code, 0, describeRun(again));
});

test('a broken image on the primary role: barrier closes, the worker keeps its container, lock released', async () => {
  const before = await running(h3.name);
  versions.push(await commitRelease('broken', '#!/bin/sh\necho "boom: cannot boot" >&2\nexit 3\n'));
  const r = await deploy();
  assert.is.not(r.code, 0, 'the deploy fails');
  assert.match(r.stderr + r.stdout, h1.ip);
  assert.match(r.stderr + r.stdout, /boom: cannot boot|exited|unhealthy/);
  assert.equal(await running(h3.name), before, 'the worker kept its old container');
  for (const h of [h1, h2]) assert.equal(await running(h.name), [`e2eapp-web-${versions[2]}`], `${h.name} still serves v3`);
  const lock = await gantry(['lock', 'status'], { cwd: project.dir, env });
  assert.is(lock.code, 0, describeRun(lock));
  assert.match(lock.stdout, /no lock/i);
});

test('a second deploy while the lock is held is refused with the holder details', async () => {
  await writeFile(join(project.dir, 'run-app'), '#!/bin/sh\nhttpd -f -p "${PORT:-80}" -h /www &\ntrap \'kill $!; wait $!; exit 0\' TERM INT\nwait $!\n', { mode: 0o755 });
  project.git('commit', '-qam', 'fix run-app');
  const held = await gantry(['lock', 'acquire', '-m', 'database maintenance'], { cwd: project.dir, env });
  assert.is(held.code, 0, describeRun(held));
  try {
    const r = await deploy();
    assert.is.not(r.code, 0);
    assert.match(r.stderr + r.stdout, /lock/i);
    assert.match(r.stderr + r.stdout, /database maintenance/);
  } finally {
    const released = await gantry(['lock', 'release'], { cwd: project.dir, env });
    assert.is(released.code, 0, describeRun(released));
  }
});

test.run();
