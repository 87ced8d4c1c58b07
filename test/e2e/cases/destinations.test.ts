/**
 * Two destinations of one app on one host, behind one shared Caddy: each keeps its own
 * containers, `latest-<dest>` tag and route; deploying one leaves the other serving.
 */
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
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
let project: Project;

/** GET /version on h1 as a given host name. */
function served(host: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(`http://${h1.ip}/version`, { headers: { Host: host }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done(body.trim()));
    });
    req.on('error', fail);
    req.end();
  });
}

async function release(label: string): Promise<void> {
  await writeFile(join(project.dir, 'www/version'), `${label}\n`);
  project.git('commit', '-qam', label);
}

test.before(async () => {
  const base = appConfig(tb, {
    service: 'e2edest',
    web: [0],
    workers: [],
    proxy: { driver: 'caddy', run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion } },
  });
  project = await writeProject({
    config: { ...base, require_destination: true },
    files: {
      'config/deploy.staging.yml': stringify({ proxy: { host: 'staging.test' } }),
      'config/deploy.production.yml': stringify({ proxy: { host: 'production.test' } }),
      'config/deploy.clash.yml': stringify({ proxy: { host: 'production.test' } }),
    },
    fixture: 'app',
    git: true,
  });
});

test.after(async () => {
  try {
    for (const d of ['staging', 'production', 'clash']) await gantry(['remove', '-y', '-d', d], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('without -d the config is refused (require_destination)', async () => {
  const r = await gantry(['deploy', '--dry-run'], { cwd: project.dir, env });
  assert.is.not(r.code, 0);
  assert.match(r.stderr, /destination/);
});

test('staging and production share the host, each with its own containers, tag and route', async () => {
  await release('one');
  for (const d of ['staging', 'production']) {
    const r = await gantry(['deploy', '-d', d], { cwd: project.dir, env });
    assert.is(r.code, 0, describeRun(r));
  }
  await release('two');
  const r = await gantry(['deploy', '-d', 'staging'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.is(await served('staging.test'), 'two');
  assert.is(await served('production.test'), 'one', 'production untouched by the staging deploy');
  const names = (await sshOut(tb, h1.name, "docker ps --filter label=service=e2edest --format '{{.Names}}'")).split('\n').sort();
  assert.equal(names.map((n) => n.replace(/-[0-9a-f]{40}$/, '')), ['e2edest-web-production', 'e2edest-web-staging']);
  const tags = await sshOut(tb, h1.name, `docker image ls ${tb.registry}/e2e/e2edest --format '{{.Tag}}'`);
  assert.ok(tags.includes('latest-staging') && tags.includes('latest-production'), tags);
});

test('a destination claiming production’s host is refused, naming both, before any container starts', async () => {
  const r = await gantry(['deploy', '-d', 'clash'], { cwd: project.dir, env });
  assert.is(r.code, 1, describeRun(r));
  assert.match(r.stderr, 'proxy host production.test is already routed to e2edest-web-production; not routing it to e2edest-web-clash too');
  const clash = await sshOut(tb, h1.name, "docker ps -a --filter label=destination=clash --format '{{.Names}}'");
  assert.is(clash, '', 'no container of the refused destination');
  assert.is(await served('production.test'), 'one');
  assert.is(await served('staging.test'), 'two', 'distinct hosts keep working');
});

test('remove -d staging leaves production serving, with its containers, images and tags', async () => {
  const listTags = () => sshOut(tb, h1.name, `docker image ls ${tb.registry}/e2e/e2edest --format '{{.Tag}} {{.ID}}'`);
  const before = (await listTags()).split('\n').filter((line) => !line.startsWith('latest-staging ')).sort();
  const r = await gantry(['remove', '-y', '-d', 'staging'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  const after = (await listTags()).split('\n').sort();
  const productionImage = before.find((line) => line.startsWith('latest-production '))!.split(' ')[1];
  for (const line of before.filter((l) => l.endsWith(` ${productionImage}`))) assert.ok(after.includes(line), `${line} kept: ${after.join(', ')}`);
  assert.not.ok(after.some((line) => line.startsWith('latest-staging ')), 'staging tag removed');
  const names = await sshOut(tb, h1.name, "docker ps -a --filter label=service=e2edest --format '{{.Names}}'");
  assert.ok(names.split('\n').every((n) => n.startsWith('e2edest-web-production-')), names);
  assert.is(await served('production.test'), 'one');
});

test.run();
