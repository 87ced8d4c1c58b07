/**
 * `--trace FILE` on a real deploy: the file is valid trace-event JSON with one track per host and
 * spans that nest (node spans around their remote commands), and `gantry trace summary` reads it.
 * Pull-only (the bed's prebuilt app image), 2 web hosts and a worker.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../../core/run/trace/recorder.js';
import { checkTrace } from '../../support/trace-check.js';
import { gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const hosts = tb.hosts.slice(0, 3).map((h) => h.ip);
const env = gantryEnv(tb);
let project: Project;

test.before(async () => {
  project = await writeProject({
    config: {
      service: tb.appServiceLabel,
      image: tb.images.app.v1.slice(tb.registry.length + 1).split(':')[0],
      registry: { server: tb.registry },
      servers: { web: { hosts: hosts.slice(0, 2), proxy: false }, workers: { hosts: hosts.slice(2) } },
      ssh: { user: tb.ssh.user, keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
      deploy_timeout: 30,
    },
  });
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test('a traced deploy writes trace-event JSON: one track per host, nested spans, a critical path', async () => {
  const file = join(project.dir, 'deploy-trace.json');
  const r = await gantry(['deploy', '--skip-push', '--version', 'v1', '--trace', file], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  const { traceEvents } = JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] };
  checkTrace(traceEvents, hosts);
  const track = new Map(traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, String(e.args?.name)]));
  for (const host of hosts) {
    const spans = traceEvents.filter((e) => e.ph === 'X' && track.get(e.pid) === host);
    const nodes = spans.filter((e) => e.cat === 'node');
    const commands = spans.filter((e) => e.cat === 'command');
    // Nesting for real: every remote command lies inside a node span of its host.
    for (const c of commands) {
      assert.ok(nodes.some((n) => n.ts! <= c.ts! && c.ts! + c.dur! <= n.ts! + n.dur!), `${host}: command ${c.name} inside a node span`);
    }
    // The end of each host (audit, tag, prune) is one round trip: one command span holding the three commands.
    assert.is(commands.filter((c) => c.name.includes('app-audit.log') && c.name.includes('docker tag') && c.name.includes('containers=$( docker ps')).length, 1, `${host}: one end-of-host script`);
  }
  const summary = await gantry(['trace', 'summary', file], { cwd: project.dir, env });
  assert.is(summary.code, 0, describeRun(summary));
  assert.match(summary.stdout, /^critical path \(\d+ nodes/);
});

test.run();
