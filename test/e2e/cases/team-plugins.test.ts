/**
 * The example team plugins (examples/plugins) installed as packages into a project's
 * node_modules, as `npm install` would leave them (package.json + the compiled dist/index.js),
 * on real hosts: the notifier receives every event of a real deploy at an HTTP endpoint on
 * 127.0.0.1; the guard refuses deploys (stop file on the primary, closed window) with a clear
 * message and exit code 1, and leaves no lock behind.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { stringify } from 'yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { ssh, sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1]!, tb.hosts[2]!];
const env = gantryEnv(tb);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const STOP_FILE = '/tmp/gantry-e2e-deploys-frozen';
const projects: Project[] = [];
let server: Server;
let url: string;
const received: Record<string, unknown>[] = [];

/** The example package as installed: its package.json and README, and dist/index.js as its build makes it. */
async function install(project: Project, example: string): Promise<void> {
  const source = join(ROOT, 'examples/plugins', example);
  const manifest = JSON.parse(await readFile(join(source, 'package.json'), 'utf8')) as { name: string };
  const target = join(project.dir, 'node_modules', manifest.name);
  await mkdir(join(target, 'dist'), { recursive: true });
  await writeFile(join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(target, 'README.md'), await readFile(join(source, 'README.md')));
  await build({ entryPoints: [join(source, 'index.ts')], outfile: join(target, 'dist/index.js'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
}

async function teamProject(service: string, extra: Record<string, unknown>, example: string): Promise<Project> {
  // Strings quoted: Gantry reads YAML as Kamal (1.1) does, where an unquoted 00:00 is a number.
  const config = stringify(appConfig(tb, { service, extra }), { defaultStringType: 'QUOTE_DOUBLE' });
  const project = await writeProject({ config, fixture: 'app', git: true });
  projects.push(project);
  await mkdir(join(project.dir, 'node_modules'), { recursive: true });
  // As `npm install gantry-deploy` would: the plugin's peer dependency, the package the CLI runs from.
  await symlink(ROOT, join(project.dir, 'node_modules/gantry-deploy'));
  await install(project, example);
  return project;
}

const lockOnPrimary = (service: string) => ssh(tb, h1.ip, `test -e .kamal/lock-${service}`).then((r) => r.code === 0);

test.before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deploys`;
});

test.after(async () => {
  await ssh(tb, h1.ip, `rm -f ${STOP_FILE}`);
  for (const project of projects) {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
    await project.remove();
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('the notifier, installed in node_modules, receives every event of a real deploy', async () => {
  const project = await teamProject('e2enotify', { plugins: ['gantry-deploy-notifier'], notifier: { url } }, 'deploy-notifier');
  const listed = await gantry(['plugins'], { cwd: project.dir, env });
  assert.is(listed.code, 0, describeRun(listed));
  assert.match(listed.stdout, /^deploy-notifier 1\.0\.0 \(package gantry-deploy-notifier\) config: notifier\n {2}deploy: deploy-notifier:start$/m);

  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  const version = project.git('rev-parse', 'HEAD').trim();
  const events = received.map((body) => body.event);
  assert.is(events[0], 'start', JSON.stringify(received));
  assert.is(events.at(-1), 'done');
  assert.equal(received.at(-1)!.ok, true);
  const booted = received.filter((body) => body.event === 'host_booted').map((body) => body.host as string);
  assert.equal(booted.sort(), [h1.ip, h2.ip, h3.ip].sort(), 'one host_booted per app host');
  assert.is(received.length, 5, JSON.stringify(received));
  for (const body of received) assert.equal([body.service, body.version, body.command], ['e2enotify', version, 'deploy']);
});

test('the guard refuses while the stop file exists on the primary: clear message, exit 1, no lock left, nothing booted', async () => {
  const project = await teamProject('e2eguard', { plugins: ['gantry-deploy-guard'], deploy_guard: { stop_file: STOP_FILE } }, 'deploy-guard');
  await sshOut(tb, h1.ip, `touch ${STOP_FILE}`);
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assert.match(r.stderr, `deploy refused by deploy-guard: ${STOP_FILE} exists on ${h1.ip} (remove it to allow deploys)`);
  assert.not.ok(await lockOnPrimary('e2eguard'), 'the lock is not left behind');
  for (const host of [h1, h2, h3]) assert.is(await sshOut(tb, host.ip, 'docker ps -a -q --filter label=service=e2eguard'), '', `nothing booted on ${host.ip}`);
  await sshOut(tb, h1.ip, `rm -f ${STOP_FILE}`);
});

test('the guard refuses outside its window: clear message, exit 1, no lock left', async () => {
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  // Yesterday's day: closed now, and still closed should midnight pass during the test.
  const yesterday = days[(new Date().getUTCDay() + 6) % 7]!;
  const window = { days: [yesterday], from: '00:00', to: '23:59', timezone: 'UTC' };
  const project = await teamProject('e2ewindow', { plugins: ['gantry-deploy-guard'], deploy_guard: { window } }, 'deploy-guard');
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assert.match(r.stderr, `deploy refused by deploy-guard: outside the deploy window (${yesterday} 00:00-23:59 UTC; it is `, describeRun(r));
  assert.not.ok(await lockOnPrimary('e2ewindow'), 'the lock is not left behind');
});

test.run();
