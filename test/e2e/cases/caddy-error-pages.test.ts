/**
 * error_pages_path behind the Caddy driver: while the app is in maintenance, and once its
 * container died behind its route, the proxy's own error answers with the app's page for that status.
 */
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const h1 = tb.hosts[0]!;
const env = gantryEnv(tb);
const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
const HOST = 'pages.test';
let project: Project;

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`http://${h1.ip}${path}`, { headers: { Host: HOST }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

test.before(async () => {
  const base = appConfig(tb, {
    service: 'e2epages',
    web: [0],
    workers: [],
    proxy: { driver: 'caddy', host: HOST, run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion } },
  });
  project = await writeProject({
    config: { ...base, error_pages_path: 'pages' },
    files: {
      'pages/502.html': '<h1>e2epages is down (502)</h1>\n',
      'pages/503.html': '<h1>e2epages is resting (503)</h1>\n',
    },
    fixture: 'app',
    git: true,
  });
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('maintenance answers 503 with the app’s 503.html; live serves the app again', async () => {
  assert.is((await get('/up')).status, 200);
  let r = await gantry(['app', 'maintenance'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  const page = await get('/up');
  assert.is(page.status, 503);
  assert.is(page.body, '<h1>e2epages is resting (503)</h1>\n');
  r = await gantry(['app', 'live'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.is((await get('/up')).status, 200);
});

test('a container that died behind its route: the proxy’s 502 or 503 shows the app’s page for that status', async () => {
  // Not `app stop`: that takes the route away first (404), as Kamal does.
  const r = await gantry(['server', 'exec', 'docker stop $(docker ps -q --filter label=service=e2epages)'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  const page = await get('/up');
  assert.ok([502, 503].includes(page.status), `status ${page.status}`);
  assert.match(page.body, page.status === 502 ? 'is down (502)' : 'is resting (503)');
});

test.run();
