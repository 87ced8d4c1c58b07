/**
 * Benchmarks that need no test bed, medians of BENCH_ROUNDS (default 5):
 *   (e) plan + run of a 10,000-node graph (100 hosts × 100 per-host nodes, each one no-op remote
 *       command) through the real engine and scheduler on the fake transport;
 *   a dry-run deploy to 2,000 hosts (1,000 web + 1,000 workers) with the built CLI, in CPU seconds;
 *   CLI start: `gantry --version` against bare `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { Engine } from '../core/engine.js';
import type { RunContext } from '../core/graph/model.js';
import { anchorsOf } from '../core/graph/named.js';
import { definePlugin, flattenPlugins } from '../core/plugin.js';
import { runGraph } from '../core/run/scheduler.js';
import { silentReporter } from '../core/run/silent-reporter.js';
import { FakeTransportFactory } from '../core/transport/fake.js';
import { context, fakeLoadedConfig, host } from '../test/support/context.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const gantryBin = join(root, 'dist/bin/gantry.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[], unit: string, digits = 2) => `median ${median(xs).toFixed(digits)} ${unit}  (${xs.map((x) => x.toFixed(digits)).join(', ')})`;

/** 100 per-host nodes in ten chains of ten (so the scheduler has both fan-out and depth), on 100 hosts. */
const wide = definePlugin({
  name: 'bench-wide',
  apply(engine) {
    engine.hooks.graphs.tap('bench-wide', (decls) => decls.set('wide', { name: 'wide', description: '10,000 no-op nodes', goals: [anchorsOf('wide').done] }));
    engine.hooks.graph.for('wide').tap('bench-wide', (builder) => {
      const a = anchorsOf('wide');
      for (let chain = 0; chain < 10; chain++) {
        for (let step = 0; step < 10; step++) {
          const id = `wide:${chain}-${step}`;
          builder.add({ id, plugin: 'bench-wide', scope: 'perHost', dependsOn: [step ? `wide:${chain}-${step - 1}` : a.locked], run: async (env) => void (await env.run(['true'])) });
        }
        builder.addDependency(a.finished, `wide:${chain}-9`);
      }
    });
  },
});

async function wideGraph(): Promise<{ seconds: number; cpu: number; instances: number }> {
  const loaded = fakeLoadedConfig();
  const hosts = Array.from({ length: 100 }, (_, i) => host(`h${i + 1}`, ['web'], i === 0));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const engine = new Engine(flattenPlugins([wide]), loaded);
  const ctx: RunContext = context(hosts, { graph: 'wide', config: loaded });
  const graph = engine.resolve('wide', ctx);
  const result = await runGraph(graph, { ctx, transports: new FakeTransportFactory(), hooks: engine.hooks, reporter: silentReporter(), redact: (t) => t });
  if (!result.ok) throw new Error('the wide graph failed');
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, instances: graph.instances.length };
}

/** CPU seconds of a process (user + system, from /usr/bin/time). */
function cpuOf(args: string[], cwd: string): number {
  const times = join(cwd, 'cpu.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, process.execPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  const [user, system] = readFileSync(times, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return user! + system!;
}

const project = mkdtempSync(join(tmpdir(), 'gantry-bench-2k-'));
const ips = (net: number) => Array.from({ length: 1000 }, (_, i) => `10.${net}.${i >> 8}.${i & 255}`);
writeFileSync(
  join(project, 'gantry.yml'),
  stringify({ service: 'app', image: 'acme/app', registry: { server: 'ghcr.io', username: 'bot', password: 'not-a-real-password' }, builder: { arch: 'amd64' }, servers: { web: { hosts: ips(1) }, workers: { hosts: ips(2) } } }),
);
spawnSync('git', ['init', '-q'], { cwd: project });

const wideRuns: Awaited<ReturnType<typeof wideGraph>>[] = [];
const dryRun: number[] = [];
const cliStart: number[] = [];
const nodeStart: number[] = [];
for (let round = 0; round < rounds; round++) {
  wideRuns.push(await wideGraph());
  dryRun.push(cpuOf([gantryBin, 'deploy', '--dry-run', '--skip-push', '--version', 'v2'], project));
  cliStart.push(cpuOf([gantryBin, '--version'], project));
  nodeStart.push(cpuOf(['-e', '0'], project));
}
console.log(`(e) plan + run of a ${wideRuns[0]!.instances}-instance no-op graph on the fake transport:`);
console.log(`    wall ${fmt(wideRuns.map((r) => r.seconds), 's')}  (target < 1 s)`);
console.log(`    cpu  ${fmt(wideRuns.map((r) => r.cpu), 'CPU s')}`);
console.log(`dry-run deploy to 2,000 hosts: ${fmt(dryRun, 'CPU s')}  (target < 2 s)`);
console.log(`CLI start: gantry --version ${fmt(cliStart, 'CPU s')}; node -e 0 ${fmt(nodeStart, 'CPU s')}`);
