/**
 * `boot.barrier: switch` on real hosts, pull-only (the bed's prebuilt app images): web on h1 and
 * h2 (not proxied), the worker on h3. The worker's new container starts at once, alongside web's;
 * its old one stops only once a web container is healthy. When web fails (the `unhealthy`
 * image), the worker's new container is stopped and removed and its old one keeps running.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../../core/run/trace/recorder.js';
import { gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1]!, tb.hosts[2]!];
const env = gantryEnv(tb);
const SERVICE = tb.appServiceLabel;
let project: Project;

/** Every container of the service on a host, as `name state`, sorted. */
async function containers(host: string): Promise<string[]> {
  const out = await sshOut(tb, host, `docker ps -a --filter label=service=${SERVICE} --format '{{.Names}} {{.State}}'`);
  return out ? out.split('\n').sort() : [];
}

const running = async (host: string) => (await containers(host)).filter((c) => c.endsWith(' running')).map((c) => c.split(' ')[0]);

function deploy(version: string, ...args: string[]) {
  return gantry(['deploy', '--skip-push', '--version', version, ...args], { cwd: project.dir, env });
}

test.before(async () => {
  const hosts = [h1, h2, h3].map((h) => h.ip);
  project = await writeProject({
    config: {
      service: SERVICE,
      image: tb.images.app.v1.slice(tb.registry.length + 1).split(':')[0],
      registry: { server: tb.registry },
      servers: {
        web: { hosts: hosts.slice(0, 2), proxy: false },
        // The worker checks a page every version has, so the `unhealthy` image is healthy here.
        workers: { hosts: hosts.slice(2), options: { 'health-cmd': 'wget -qO /dev/null http://127.0.0.1/version || exit 1' } },
      },
      boot: { barrier: 'switch' },
      ssh: { user: tb.ssh.user, keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
      readiness_delay: 1,
      deploy_timeout: 20,
      drain_timeout: 2,
    },
  });
  const r = await deploy('v1');
  assert.is(r.code, 0, describeRun(r));
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('web fails its health check: the worker started its new container, then removed it; its old one kept running', async () => {
  const r = await deploy('unhealthy');
  assert.is.not(r.code, 0, describeRun(r));
  const output = r.stdout + r.stderr;
  assert.match(output, 'halted at barrier', describeRun(r));
  assert.match(output, `stopped and removed ${SERVICE}-workers-unhealthy`, describeRun(r));
  assert.equal(await containers(h3.name), [`${SERVICE}-workers-v1 running`], 'the worker: only its old container, never stopped');
  for (const h of [h1, h2]) assert.equal(await running(h.name), [`${SERVICE}-web-v1`], `${h.name} still runs web v1`);
});

test('a good deploy switches both roles; the worker started before any web container was healthy', async () => {
  const file = join(project.dir, 'trace.json');
  const r = await deploy('v2', '--trace', file);
  assert.is(r.code, 0, describeRun(r));
  for (const h of [h1, h2]) assert.equal(await running(h.name), [`${SERVICE}-web-v2`]);
  assert.equal(await running(h3.name), [`${SERVICE}-workers-v2`]);
  const { traceEvents } = JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const track = new Map(traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, String(e.args?.name)]));
  const commands = (host: string, text: string) => traceEvents.filter((e) => e.cat === 'command' && track.get(e.pid) === host && e.name.includes(text));
  // A container not behind a proxy: its `docker run` and health wait are one command, starting with the run.
  const workerRun = commands(h3.ip, 'docker run')[0]!;
  const webHealthy = Math.min(...[h1, h2].map((h) => commands(h.ip, 'gantry-run-healthy').map((e) => e.ts! + e.dur!)).flat());
  assert.ok(workerRun.ts! < webHealthy, `the worker's docker run at ${workerRun.ts}, the first web container healthy at ${webHealthy}`);
  const stopOld = commands(h3.ip, `docker stop -t 2 ${SERVICE}-workers-v1`)[0]!;
  assert.ok(stopOld.ts! >= webHealthy, 'the worker switched only after a web container was healthy');
});

test.run();
