/**
 * Sanity of the test bed itself, so a failing gantry case is not a broken bed: own dockerd
 * per host over SSH, the registry's images, the app/proxy images behaving as documented,
 * the builder building the fixture app, and the load helper.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLoad } from '../load.js';
import { describeRun, run } from '../support/exec.js';
import { writeProject } from '../support/project.js';
import { ssh, sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';
import { waitFor } from '../support/wait.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1] ?? tb.hosts[0]!, tb.hosts[2] ?? tb.hosts[0]!];

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.text()).trim() };
}

function healthOf(host: string, container: string): Promise<string> {
  return sshOut(tb, host, `docker inspect -f '{{.State.Health.Status}}' ${container}`);
}

test('each host runs its own dockerd, reached over ssh', async () => {
  await Promise.all(
    tb.hosts.map(async (h) => {
      const out = await sshOut(tb, h.name, `echo "$(hostname) $(docker info --format '{{.Name}}')"`);
      assert.is(out, `${h.name} ${h.name}`);
    }),
  );
});

test('the registry serves every test bed image', async () => {
  for (const ref of [tb.images.busybox, tb.images.caddy, tb.images.redis, ...Object.values(tb.images.app)]) {
    const [repo, tag] = ref.slice(tb.registry.length + 1).split(':') as [string, string];
    const { status, body } = await get(`http://${tb.registry}/v2/${repo}/tags/list`);
    assert.is(status, 200, ref);
    assert.ok((JSON.parse(body) as { tags: string[] }).tags.includes(tag), `${ref} in ${body}`);
  }
});

test('app:v1 on a host answers /up, /version, its assets, takes load, and stops at once', async () => {
  const name = 'gt-e2e-sanity-app';
  const base = `http://${h1.ip}:8080`;
  try {
    await sshOut(tb, h1.name, `docker rm -f ${name} >/dev/null 2>&1; docker run -d --name ${name} -p 8080:80 ${tb.images.app.v1}`);
    await waitFor('app healthy', async () => (await healthOf(h1.name, name)) === 'healthy');
    assert.equal(await get(`${base}/up`), { status: 200, body: 'OK' });
    assert.equal(await get(`${base}/version`), { status: 200, body: 'v1' });
    assert.equal(await get(`${base}/`), { status: 200, body: 'v1' });
    assert.equal(await get(`${base}/assets/app-v1.css`), { status: 200, body: 'v1' });
    assert.equal(await get(`${base}/assets/.manifest-v1`), { status: 200, body: 'app-v1.css' });
    assert.is(await sshOut(tb, h1.name, `docker inspect -f '{{index .Config.Labels "service"}}' ${name}`), tb.appServiceLabel);

    const [fresh, reused] = await Promise.all([
      runLoad({ url: `${base}/`, maxRequests: 300, maxSeconds: 10, concurrency: 2 }),
      runLoad({ url: `${base}/`, maxRequests: 1000, maxSeconds: 10, concurrency: 4, keepAlive: true }),
    ]);
    for (const r of [fresh, reused]) {
      assert.is(r.failures, 0, JSON.stringify(r.failureSamples));
      assert.equal(r.versions, ['v1']);
      assert.is(r.switchedBack, false);
    }
    assert.is(fresh.requests + reused.requests, 1300);

    const stop = await ssh(tb, h1.name, `docker stop ${name}`);
    assert.is(stop.code, 0, describeRun(stop));
    assert.ok(stop.durationMs < 3000, `docker stop took ${stop.durationMs} ms: TERM not trapped?`);
  } finally {
    await ssh(tb, h1.name, `docker rm -f ${name}`);
  }
});

test('app:broken exits non-zero at boot; app:unhealthy runs but turns unhealthy', async () => {
  const [broken, sick] = ['gt-e2e-sanity-broken', 'gt-e2e-sanity-unhealthy'];
  try {
    await sshOut(tb, h2.name, `docker rm -f ${broken} ${sick} >/dev/null 2>&1;
      docker run -d --name ${broken} ${tb.images.app.broken} && docker run -d --name ${sick} ${tb.images.app.unhealthy}`);
    const state = await waitFor('broken to exit', async () => {
      const s = await sshOut(tb, h2.name, `docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' ${broken}`);
      return s.startsWith('exited') && s;
    });
    assert.is.not(state, 'exited 0');
    await waitFor('unhealthy', async () => (await healthOf(h2.name, sick)) === 'unhealthy', { timeoutMs: 20_000 });
    assert.is(await sshOut(tb, h2.name, `docker inspect -f '{{.State.Status}}' ${sick}`), 'running');
  } finally {
    await ssh(tb, h2.name, `docker rm -f ${broken} ${sick}`);
  }
});

test('the caddy proxy answers 503 until configured, then proxies, also to other hosts; caddy-api works', async () => {
  const [net, proxy, app] = ['gt-e2e-sanity', 'gt-e2e-sanity-proxy', 'gt-e2e-sanity-v2'];
  const cleanup = `docker rm -f ${proxy} ${app} >/dev/null 2>&1; docker network rm ${net} >/dev/null 2>&1; true`;
  try {
    await sshOut(tb, h3.name, `${cleanup}; docker network create ${net} >/dev/null
      docker run -d --name ${app} --network ${net} ${tb.images.app.v2} >/dev/null
      docker run -d --name ${proxy} --network ${net} -p 8081:80 ${tb.images.caddy}`);
    const url = `http://${h3.ip}:8081/version`;
    assert.equal(await waitFor('proxy up', () => get(url).catch(() => undefined)), { status: 503, body: 'no upstream' });
    await waitFor('v2 healthy', async () => (await healthOf(h3.name, app)) === 'healthy');
    await sshOut(tb, h3.name, `docker exec ${proxy} set-upstream ${app}:80`);
    assert.equal(await get(url), { status: 200, body: 'v2' });
    // host to host, across the bridge (and the root FORWARD chain): a container on another host
    const across = await sshOut(tb, h1.name, `docker run --rm ${tb.images.busybox} wget -qO- ${url}`);
    assert.is(across, 'v2');
    const listen = await sshOut(tb, h3.name, `docker exec ${proxy} caddy-api GET /config/apps/http/servers/web/listen`);
    assert.equal(JSON.parse(listen), [':80']);
  } finally {
    await ssh(tb, h3.name, cleanup);
  }
});

test('dev builds the fixture app from the test bed base image', async () => {
  const project = await writeProject({ fixture: 'app', config: { service: 'fixture' }, git: true });
  const tag = 'gantry-e2e/fixture-sanity:latest';
  const docker = (...args: string[]) =>
    run('docker', ['-H', tb.dev.dockerHost, ...args], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  try {
    const build = await docker('build', '-q', '--build-arg', `BASE=${tb.images.busybox}`, '-t', tag, project.dir);
    assert.is(build.code, 0, describeRun(build));
    const version = await docker('run', '--rm', '--entrypoint', 'cat', tag, '/www/index.html');
    assert.is(version.stdout.trim(), 'fixture-v1', describeRun(version));
    assert.is(project.git('status', '--porcelain'), '');
  } finally {
    await docker('rmi', '-f', tag);
    await project.remove();
  }
});

test.run();
