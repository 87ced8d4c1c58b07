/**
 * The promise users buy: a deploy under traffic loses no request. The Caddy driver on real
 * hosts, a bounded load loop against the proxy during each deploy; counts are printed.
 */
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLoad, type LoadReport } from '../load.js';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const h1 = tb.hosts[0]!;
const env = gantryEnv(tb);
const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
const proxy = {
  driver: 'caddy',
  app_port: 80,
  healthcheck: { path: '/up', interval: 1, timeout: 2 },
  run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion },
};
let project: Project;
const HEALTHY_RUN_APP = '#!/bin/sh\nhttpd -f -p 80 -h /www &\ntrap \'kill $!; wait $!; exit 0\' TERM INT\nwait $!\n';

async function release(label: string, runApp?: string): Promise<void> {
  await writeFile(join(project.dir, 'www/version'), `${label}\n`);
  await writeFile(join(project.dir, `www/assets/app-${label}.css`), `${label}\n`);
  if (runApp) await writeFile(join(project.dir, 'run-app'), runApp, { mode: 0o755 });
  project.git('add', '-A');
  project.git('commit', '-qm', label);
}

/** Deploys while a bounded load loop hits the proxy on h1; returns both results. */
async function deployUnderLoad(path = '/version') {
  const stop = new AbortController();
  const load = runLoad({ url: `http://${h1.ip}${path}`, maxRequests: 20_000, maxSeconds: 120, concurrency: 2 }, stop.signal);
  const deploy = await gantry(['deploy'], { cwd: project.dir, env });
  await new Promise((r) => setTimeout(r, 300));
  stop.abort();
  const report = await load;
  console.log(`    deploy exit ${deploy.code}: ${report.requests} requests, ${report.failures} failed, versions seen ${report.versions.join(' → ')}`);
  return { deploy, report };
}

/** GET with an explicit Host header (fetch does not let a caller set one). */
function get(url: string, host?: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: host ? { Host: host } : {}, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done(body.trim()));
    });
    req.on('error', fail);
    req.end();
  });
}

function noFailures(report: LoadReport): void {
  assert.is(report.failures, 0, JSON.stringify(report.failureSamples));
  assert.not.ok(report.switchedBack, JSON.stringify(report.sequence));
}

test.before(async () => {
  project = await writeProject({ config: appConfig(tb, { proxy }), fixture: 'app', git: true });
  await release('v1');
  const first = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(first.code, 0, describeRun(first));
});

test('the proxy hands connections queued on a closing listener to the new one (Caddy rebinds on each load)', async () => {
  assert.is(await sshOut(tb, h1.name, 'docker exec gantry-caddy cat /proc/sys/net/ipv4/tcp_migrate_req'), '1');
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('v1 → v2 under load: 0 failed requests, v1 then v2 and never back', async () => {
  await release('v2');
  const { deploy, report } = await deployUnderLoad();
  assert.is(deploy.code, 0, describeRun(deploy));
  noFailures(report);
  assert.equal(report.versions, ['v1', 'v2']);
});

test('during the switch both versions\' asset files are served', async () => {
  await release('v3');
  const stop = new AbortController();
  const old = runLoad({ url: `http://${h1.ip}/assets/app-v2.css`, maxRequests: 50_000, maxSeconds: 300 }, stop.signal);
  const fresh = runLoad({ url: `http://${h1.ip}/assets/app-v3.css`, maxRequests: 50_000, maxSeconds: 300 }, stop.signal);
  const deploy = await gantry(['deploy'], { cwd: project.dir, env });
  stop.abort();
  const [oldReport, freshReport] = await Promise.all([old, fresh]);
  console.log(`    old asset: ${oldReport.requests} requests, ${oldReport.failures} failed; new asset: ${freshReport.requests} requests`);
  assert.is(deploy.code, 0, describeRun(deploy));
  assert.is(oldReport.failures, 0, 'the previous version\'s assets stay reachable');
  assert.ok(freshReport.versions.includes('v3'), 'the new assets are served');
});

test('an unhealthy release fails the deploy; the previous version keeps serving with 0 failures', async () => {
  await release('v4', '#!/bin/sh\nrm -f /www/up\nhttpd -f -p 80 -h /www &\ntrap \'kill $!; wait $!; exit 0\' TERM INT\nwait $!\n');
  const { deploy, report } = await deployUnderLoad();
  assert.is.not(deploy.code, 0, 'the deploy fails');
  noFailures(report);
  assert.equal(report.versions, ['v3']);
});

test('two apps on one host both stay reachable across a deploy of one of them', async () => {
  const other = await writeProject({
    config: appConfig(tb, { service: 'e2eother', web: [0], workers: [], proxy: { ...proxy, host: 'other.test' } }),
    fixture: 'app',
    git: true,
  });
  try {
    await writeFile(join(other.dir, 'www/version'), 'other\n');
    other.git('commit', '-qam', 'other');
    const booted = await gantry(['deploy'], { cwd: other.dir, env });
    assert.is(booted.code, 0, describeRun(booted));
    const hit = (host?: string) => get(`http://${h1.ip}/version`, host);
    assert.is(await hit('other.test'), 'other');
    await release('v5', HEALTHY_RUN_APP);
    const { deploy, report } = await deployUnderLoad();
    assert.is(deploy.code, 0, describeRun(deploy));
    noFailures(report);
    assert.is(await hit('other.test'), 'other', 'the other app kept its route');
    assert.is(await hit(), 'v5');
  } finally {
    await gantry(['remove', '-y'], { cwd: other.dir, env });
    await other.remove();
  }
});

test.run();
