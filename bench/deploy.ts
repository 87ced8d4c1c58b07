/**
 * Deploy benchmarks on the test bed, each measured side by side in one alternating run (machines
 * here are noisy: only the ratios mean something), medians of BENCH_ROUNDS (default 5):
 *   (a) pull-only deploy, 3 hosts (web on two, a worker on the third), against the floor (and the
 *       end of the deploy: its last boot to its return, from the traces); also
 *       with `boot.barrier: switch` (a `switch` destination: the worker boots alongside web);
 *   (c) rollback to the previous version, against the floor doing the same;
 *   (a) and (c) also against the floor with Kamal's barrier (FLOOR_BARRIER=1), as Gantry boots;
 *   (d) the same deploy to 10 hosts (a `ten` destination) against 3 hosts, last (needs a 10-host
 *       bed: GANTRY_TESTBED_HOSTS=10; skipped with fewer, or with BENCH_SKIP_TEN=1);
 *   (f) CPU seconds of a deploy drawn by the live TTY tree (listr2) against the line renderer;
 *   (g) start-up to the first remote command (GANTRY_TIMING's `first-exec` mark: wall ms since
 *       the process started).
 *   (b) the same deploy with the web role behind Gantry's Caddy proxy (a `caddy` destination),
 *       against bench/floor-caddy.sh (its own Caddy, switched with one admin API request; also
 *       with Kamal's barrier, FLOOR_BARRIER=1); run first, in its own phase. BENCH_ONLY=b runs
 *       only (b); BENCH_ONLY=d only (d).
 * While one tool is measured, the other's containers are paused (their health checks would eat
 * the CPU the bed's hosts share). Every Gantry deploy writes a trace (--trace); the remote
 * commands per host come from it, and the critical path of the median (a) and (b) runs is
 * printed with `gantry trace summary`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadTestbed } from '../test/e2e/support/testbed.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const gantryBin = join(root, 'dist/bin/gantry.js');
const tb = loadTestbed();
const repository = tb.images.app.v1.slice(tb.registry.length + 1).split(':')[0]!;
const allHosts = tb.hosts.map((h) => h.ip);
const hosts = allHosts.slice(0, 3);
const tenHosts = allHosts.length >= 10 ? allHosts.slice(0, 10) : undefined;

const project = mkdtempSync(join(tmpdir(), 'gantry-bench-'));
const servers = (list: string[]) => ({ web: { hosts: list.slice(0, -1), proxy: false }, workers: { hosts: list.slice(-1) } });
writeFileSync(
  join(project, 'gantry.yml'),
  stringify({
    service: tb.appServiceLabel,
    image: repository,
    registry: { server: tb.registry },
    servers: servers(hosts),
    ssh: { keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
    retain_containers: 2,
  }),
);
// Ten hosts starting at once on this machine's 2 cores: the bed app's Docker health check (2 s
// timeout) timed out, Docker marked containers unhealthy and the deploy failed (two full runs on
// 2026-12-02). 10 s lets a slow check answer; a check that answers is as quick as before.
if (tenHosts) {
  const { web, workers } = servers(tenHosts);
  const options = () => ({ 'health-timeout': '10s' });
  writeFileSync(join(project, 'gantry.ten.yml'), stringify({ servers: { web: { ...web, options: options() }, workers: { ...workers, options: options() } } }));
}
writeFileSync(join(project, 'gantry.switch.yml'), stringify({ boot: { barrier: 'switch' } }));

interface Run {
  seconds: number;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return { seconds, stderr: r.stderr };
}

const gantryEnv = { ...process.env, CI: '1', GANTRY_TIMING: '1' };
let traces = 0;
/** A Gantry command with a trace; returns the run and its trace file. */
function gantry(args: string[], env: NodeJS.ProcessEnv = gantryEnv): Run & { trace: string } {
  const trace = join(project, `trace-${++traces}.json`);
  return { ...run(process.execPath, [gantryBin, ...args, '--trace', trace], env), trace };
}
const floorEnv = { ...process.env, FLOOR_SSH_CONFIG: tb.ssh.config, FLOOR_IMAGE: join(tb.registry, repository) };
const floor = (version: string, on = hosts) => run('bash', [join(root, 'bench/floor.sh'), version, ...on], floorEnv);
/** The floor with Kamal's barrier: the worker host runs its new container once a web one is healthy. */
const floorAtBarrier = (version: string) => run('bash', [join(root, 'bench/floor.sh'), version, ...hosts], { ...floorEnv, FLOOR_BARRIER: '1' });

/**
 * CPU seconds (user + system) of a deploy, with stdout a terminal (`script`) or not. The terminal
 * gets a size (120×40, smaller than the tree): `script` started without a terminal of its own
 * makes a 0×0 one, on which the tree draws no line at all.
 */
function deployCpu(version: string, tty: boolean): number {
  const times = join(project, 'cpu.txt');
  const command = ['/usr/bin/time', '-f', '%U %S', '-o', times, process.execPath, gantryBin, 'deploy', '--skip-push', '--version', version];
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  if (tty) run('script', ['-qec', `stty cols 120 rows 40 && ${command.map((w) => `'${w}'`).join(' ')}`, '/dev/null'], env);
  else run(command[0]!, command.slice(1), { ...env, CI: '1' });
  const [user, system] = readFileSync(times, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return user! + system!;
}

const firstExecMs = (stderr: string) => Number(/^first-exec ([\d.]+)/m.exec(stderr)?.[1] ?? NaN);

/** Remote commands per host in a trace: its command spans, by track (uploads are not spans). */
function commandsPerHost(traceFile: string): Record<string, number> {
  const { traceEvents } = JSON.parse(readFileSync(traceFile, 'utf8')) as { traceEvents: { ph: string; pid: number; cat?: string; name: string; args?: { name?: string } }[] };
  const names = new Map(traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args!.name!]));
  const counts: Record<string, number> = {};
  for (const e of traceEvents) if (e.cat === 'command') counts[names.get(e.pid)!] = (counts[names.get(e.pid)!] ?? 0) + 1;
  return counts;
}

/**
 * The end of a deploy in a trace: from the end of its last boot group (`group k/n booted`) to the
 * end of its last span (tag, audit, prune and the lock's release), in seconds.
 */
function endOfDeploy(traceFile: string): number {
  const { traceEvents } = JSON.parse(readFileSync(traceFile, 'utf8')) as { traceEvents: { ph: string; name: string; ts: number; dur?: number }[] };
  const spans = traceEvents.filter((e) => e.ph === 'X');
  const end = (e: { ts: number; dur?: number }) => e.ts + (e.dur ?? 0);
  const booted = Math.max(...spans.filter((e) => /^group \d+\/\d+ booted$/.test(e.name)).map(end));
  return (Math.max(...spans.map(end)) - booted) / 1e6;
}

/**
 * Only the measured set's containers run: the given stacks (`docker ps` filters, any of them) keep
 * running, every other container on the hosts is paused, and kept ones paused before go on (the
 * bed app's 1 s Docker health check costs CPU on every check, and these hosts share the
 * machine's cores). Untimed.
 */
const ONLY_SCRIPT = `keep=$(for f; do docker ps -aq --filter "$f"; done)
pause= unpause=
for id in $(docker ps -q --filter status=running); do case $keep in *$id*) ;; *) pause="$pause $id" ;; esac; done
for id in $(docker ps -q --filter status=paused); do case $keep in *$id*) unpause="$unpause $id" ;; esac; done
[ -z "$pause" ] || docker pause $pause > /dev/null
[ -z "$unpause" ] || docker unpause $unpause > /dev/null`;
/** Runs a script on every host at once (ssh hands the remote shell one line: every word single-quoted). */
function onHosts(on: readonly string[], script: string, args: readonly string[]): void {
  const command = ['sh', '-c', script, 'sh', ...args].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  run('bash', ['-c', 'config=$1 command=$2; shift 2; for h; do ssh -F "$config" "root@$h" "$command" & done; s=0; for p in $(jobs -p); do wait $p || s=1; done; exit $s', 'bash', tb.ssh.config, command, ...on]);
}
const onlyStacks = (on: readonly string[], ...filters: string[]): void => onHosts(on, ONLY_SCRIPT, filters);

/** The containers of each measured set: Gantry's by destination (the floor's carry no destination label). */
type Tool = 'gantry' | 'switch' | 'ten' | 'floor';
const STACKS: Record<Tool, string[]> = {
  gantry: ['label=destination='],
  switch: ['label=destination=switch'],
  ten: ['label=destination=ten'],
  floor: ['label=floor=1'],
};
const measuring = (tool: Tool, on = allHosts): void => onlyStacks(on, ...STACKS[tool]);

const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
const med = (xs: number[]) => median(xs, (x) => x);
const fmt = (xs: number[], unit = 's', digits = 2) => `median ${med(xs).toFixed(digits)} ${unit}  (${xs.map((x) => x.toFixed(digits)).join(', ')})`;

const results = {
  deploy: [] as (Run & { trace: string })[],
  switchDeploy: [] as number[],
  floor: [] as number[],
  floorAtBarrier: [] as number[],
  rollback: [] as number[],
  floorRollback: [] as number[],
  floorRollbackAtBarrier: [] as number[],
  three: [] as number[],
  ten: [] as number[],
  floorThree: [] as number[],
  floorTen: [] as number[],
  cpuTty: [] as number[],
  cpuLine: [] as number[],
  firstExec: [] as number[],
  nodeStart: [] as number[],
};

// ---- (b) behind Caddy: Gantry's caddy driver against bench/floor-caddy.sh, alternating --------
// Self-contained: its own destination (containers `testapp-*-caddy-*`, the proxy `gantry-caddy`
// on 80/443) and the floor's own Caddy (`floor-caddy` on 8080, label floor-caddy), set up before
// the rounds and removed after. While one stack is measured, every other running container on
// the hosts is paused (outside the timed part): the app's 1 s Docker health check costs
// ≈0.15 CPU s a check on this machine, which idle containers would otherwise spend meanwhile.
function benchCaddy(): void {
  const webHosts = hosts.slice(0, -1);
  const [caddyRepository, caddyVersion] = tb.images.caddy.slice(tb.registry.length + 1).split(':') as [string, string];
  writeFileSync(
    join(project, 'gantry.caddy.yml'),
    stringify({
      servers: { web: { hosts: webHosts, proxy: true } },
      // As the e2e zero-downtime case: the bed app answers /up on port 80.
      proxy: {
        driver: 'caddy',
        app_port: 80,
        healthcheck: { path: '/up', interval: 1, timeout: 2 },
        run: { registry: tb.registry, repository: caddyRepository, version: caddyVersion },
      },
    }),
  );
  const caddyFloorEnv = {
    ...floorEnv,
    FLOOR_CADDY_IMAGE: tb.images.caddy,
    FLOOR_CADDY_WEB: webHosts.join(' '),
    FLOOR_CADDY_PORT: '8080',
  };
  const floorCaddy = (...args: string[]) => run('bash', [join(root, 'bench/floor-caddy.sh'), ...args, ...hosts], caddyFloorEnv);
  // With Kamal's barrier: the worker host runs its new container once a web one is healthy.
  const floorCaddyAtBarrier = (version: string) => run('bash', [join(root, 'bench/floor-caddy.sh'), 'deploy', version, ...hosts], { ...caddyFloorEnv, FLOOR_BARRIER: '1' });
  const only = (...filters: string[]) => onlyStacks(hosts, ...filters);
  const gantryStack = ['label=destination=caddy', 'name=^gantry-caddy$'];
  const floorStack = ['label=floor-caddy'];
  // The version each stack serves on the first web host, through its own Caddy (not timed).
  const served = (port: number) => execFileSync('curl', ['-sf', '--max-time', '5', `http://${webHosts[0]}:${port}/version`], { encoding: 'utf8' }).trim();
  const check = (who: string, port: number, version: string) => {
    const got = served(port);
    if (got !== version) throw new Error(`(b) ${who}: the proxy on ${webHosts[0]}:${port} serves ${got}, not ${version}`);
  };

  const gantryRuns: (Run & { trace: string })[] = [];
  const floorRuns: number[] = [];
  const floorAtBarrierRuns: number[] = [];
  try {
    only(...gantryStack);
    gantry(['deploy', '-d', 'caddy', '--skip-push', '--version', 'v1']);
    only(...floorStack);
    floorCaddy('up');
    floorCaddy('deploy', 'v1');
    for (let round = 0; round < rounds; round++) {
      const version = round % 2 === 0 ? 'v2' : 'v1';
      only(...gantryStack);
      gantryRuns.push(gantry(['deploy', '-d', 'caddy', '--skip-push', '--version', version]));
      check('gantry', 80, version);
      only(...floorStack);
      floorRuns.push(floorCaddy('deploy', version).seconds);
      check('floor', 8080, version);
      // The same version again (a new container all the same), through the barrier.
      floorAtBarrierRuns.push(floorCaddyAtBarrier(version).seconds);
      check('floor at the barrier', 8080, version);
    }
  } finally {
    onHosts(hosts, 'ids=$(docker ps -q --filter status=paused); [ -z "$ids" ] || docker unpause $ids > /dev/null', []);
    run(process.execPath, [gantryBin, 'remove', '-y', '-d', 'caddy'], gantryEnv);
    floorCaddy('down');
  }
  const seconds = gantryRuns.map((r) => r.seconds);
  const medianRun = median(gantryRuns, (r) => r.seconds);
  console.log(`(b) deploy, web behind Caddy, 3 hosts, ${rounds} rounds alternating (load ${readFileSync('/proc/loadavg', 'utf8').trim()}):`);
  console.log(`    gantry  ${fmt(seconds)}`);
  console.log(`    floor   ${fmt(floorRuns)}`);
  console.log(`    ratio gantry/floor: ${(med(seconds) / med(floorRuns)).toFixed(2)}x  (target ≤ 1.25x)`);
  console.log(`    floor with Kamal's barrier  ${fmt(floorAtBarrierRuns)}`);
  console.log(`    ratio gantry/floor with the barrier: ${(med(seconds) / med(floorAtBarrierRuns)).toFixed(2)}x`);
  console.log(`    remote commands per host (median run): ${JSON.stringify(commandsPerHost(medianRun.trace))}`);
  console.log(`critical path of the median (b) run (${medianRun.trace}):`);
  process.stdout.write(execFileSync(process.execPath, [gantryBin, 'trace', 'summary', medianRun.trace], { encoding: 'utf8' }));
}
const benchOnly = process.env.BENCH_ONLY;
if (benchOnly !== 'd') benchCaddy();
if (benchOnly === 'b') process.exit(0);
// ---- end of (b) ----------------------------------------------------------------------------

const ratio = (a: number[], b: number[]) => (med(a) / med(b)).toFixed(2);

// (a), (c), (f), (g): skipped with BENCH_ONLY=d.
if (benchOnly !== 'd') {
  // Warm both paths once so no measured round pays for cold image pulls.
  measuring('gantry');
  gantry(['deploy', '--skip-push', '--version', 'v1']);
  measuring('switch', hosts);
  gantry(['deploy', '-d', 'switch', '--skip-push', '--version', 'v1']);
  measuring('floor', hosts);
  floor('v1');
  for (let round = 0; round < rounds; round++) {
    // (a) v1 → v2, then (c) back to v1, Gantry and the floor in turn.
    measuring('gantry', hosts);
    const deploy = gantry(['deploy', '--skip-push', '--version', 'v2']);
    results.deploy.push(deploy);
    results.firstExec.push(firstExecMs(deploy.stderr));
    // What this machine's node needs to start at all, for (g): wall ms of `node -e 0` right after.
    results.nodeStart.push(run(process.execPath, ['-e', '0']).seconds * 1000);
    // (a) with `boot.barrier: switch`: its own containers, switched to the other version each round.
    measuring('switch', hosts);
    results.switchDeploy.push(gantry(['deploy', '-d', 'switch', '--skip-push', '--version', round % 2 === 0 ? 'v2' : 'v1']).seconds);
    measuring('floor', hosts);
    results.floor.push(floor('v2').seconds);
    measuring('gantry', hosts);
    results.rollback.push(gantry(['rollback', 'v1']).seconds);
    measuring('floor', hosts);
    results.floorRollback.push(floor('v1').seconds);
    // The same two, with the barrier Gantry keeps (and the plain floor does not).
    results.floorAtBarrier.push(floorAtBarrier('v2').seconds);
    results.floorRollbackAtBarrier.push(floorAtBarrier('v1').seconds);
    // (f) the same deploy drawn as a live tree on a terminal, and as lines.
    measuring('gantry', hosts);
    results.cpuTty.push(deployCpu('v2', true));
    results.cpuLine.push(deployCpu('v1', false));
  }
  measuring('gantry');
  for (const h of hosts) execFileSync('ssh', ['-F', tb.ssh.config, `root@${h}`, 'docker rm -f $(docker ps -aq --filter label=floor=1) >/dev/null 2>&1 || true']);

  const deploySeconds = results.deploy.map((r) => r.seconds);
  console.log(`(a) deploy, pull-only, 3 hosts, ${rounds} rounds alternating:`);
  console.log(`    gantry  ${fmt(deploySeconds)}`);
  console.log(`    floor   ${fmt(results.floor)}`);
  console.log(`    ratio gantry/floor: ${ratio(deploySeconds, results.floor)}x  (target ≤ 1.20x; aim 1.10x)`);
  console.log(`    floor with Kamal's barrier (the worker runs once web is healthy)  ${fmt(results.floorAtBarrier)}`);
  console.log(`    ratio gantry/floor with the barrier: ${ratio(deploySeconds, results.floorAtBarrier)}x`);
  console.log(`    gantry, boot.barrier switch  ${fmt(results.switchDeploy)}`);
  console.log(`    ratio gantry (switch)/floor: ${ratio(results.switchDeploy, results.floor)}x`);
  const medianDeploy = median(results.deploy, (r) => r.seconds);
  console.log(`    remote commands per host (median run): ${JSON.stringify(commandsPerHost(medianDeploy.trace))}`);
  console.log(`    end of the deploy (last group booted → last span: tag, audit, prune, unlock): ${fmt(results.deploy.map((r) => endOfDeploy(r.trace)))}`);
  console.log(`(c) rollback, 3 hosts:`);
  console.log(`    gantry  ${fmt(results.rollback)}`);
  console.log(`    floor   ${fmt(results.floorRollback)}`);
  console.log(`    ratio gantry/floor: ${ratio(results.rollback, results.floorRollback)}x  (target ≤ 1.20x)`);
  console.log(`    floor with Kamal's barrier  ${fmt(results.floorRollbackAtBarrier)}`);
  console.log(`    ratio gantry/floor with the barrier: ${ratio(results.rollback, results.floorRollbackAtBarrier)}x`);
  console.log(`(f) deploy CPU, TTY tree against line renderer:`);
  console.log(`    tty   ${fmt(results.cpuTty, 'CPU s')}`);
  console.log(`    lines ${fmt(results.cpuLine, 'CPU s')}`);
  console.log(`    ratio tty/lines: ${ratio(results.cpuTty, results.cpuLine)}x  (target ≤ 1.2x)`);
  console.log(`(g) start-up to first remote command: ${fmt(results.firstExec, 'ms', 0)}  (target < 250 ms)`);
  console.log(`    node -e 0 on this machine: ${fmt(results.nodeStart, 'ms', 0)}`);
  console.log(`critical path of the median (a) run (${medianDeploy.trace}):`);
  process.stdout.write(execFileSync(process.execPath, [gantryBin, 'trace', 'summary', medianDeploy.trace], { encoding: 'utf8' }));
}

// (d) last, in its own phase (ten hosts load the machine most): 10 hosts (the `ten` destination)
// against the 3 hosts above, alternating, each deploy switching its hosts to the other version.
// The floor script on the same 10 and 3 hosts, in the same rounds, shows how far the bed itself
// scales: its hosts are namespaces sharing this machine's cores, not machines of their own.
if (tenHosts && process.env.BENCH_SKIP_TEN !== '1') {
  measuring('ten');
  gantry(['deploy', '-d', 'ten', '--skip-push', '--version', 'v1']);
  measuring('gantry');
  gantry(['deploy', '--skip-push', '--version', 'v1']);
  measuring('floor');
  floor('v1', tenHosts);
  for (let round = 0; round < rounds; round++) {
    const version = round % 2 === 0 ? 'v2' : 'v1';
    measuring('ten');
    results.ten.push(gantry(['deploy', '-d', 'ten', '--skip-push', '--version', version]).seconds);
    measuring('gantry');
    results.three.push(gantry(['deploy', '--skip-push', '--version', version]).seconds);
    measuring('floor');
    results.floorTen.push(floor(version === 'v2' ? 'v1' : 'v2', tenHosts).seconds);
    results.floorThree.push(floor(version, hosts).seconds);
  }
  measuring('ten');
  for (const h of tenHosts) execFileSync('ssh', ['-F', tb.ssh.config, `root@${h}`, 'docker rm -f $(docker ps -aq --filter label=floor=1) >/dev/null 2>&1 || true']);
  run(process.execPath, [gantryBin, 'remove', '-y', '-d', 'ten'], gantryEnv);
  console.log(`(d) deploy to 10 hosts against 3 hosts:`);
  console.log(`    10 hosts ${fmt(results.ten)}`);
  console.log(`    3 hosts  ${fmt(results.three)}`);
  console.log(`    ratio 10/3: ${ratio(results.ten, results.three)}x  (target ≤ 1.5x)`);
  console.log(`    floor on the same bed: 10 hosts ${fmt(results.floorTen)}; 3 hosts ${fmt(results.floorThree)}; ratio 10/3: ${ratio(results.floorTen, results.floorThree)}x`);
} else {
  console.log(`(d) skipped: ${tenHosts ? 'BENCH_SKIP_TEN=1' : `the bed has ${allHosts.length} hosts (GANTRY_TESTBED_HOSTS=10 for this one)`}`);
}
// A paused container is not stopped by a remove: each set is running again before its own.
if (benchOnly !== 'd') {
  measuring('switch');
  run(process.execPath, [gantryBin, 'remove', '-y', '-d', 'switch'], gantryEnv);
}
measuring('gantry');
run(process.execPath, [gantryBin, 'remove', '-y'], gantryEnv);
