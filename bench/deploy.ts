/**
 * Deploy time, Gantry against the hand-written floor, measured side by side in one run on the
 * test bed (machines here are noisy: only the ratios mean something). Pull-only deploys of the
 * test bed's app image (v1 ⇄ v2), web on two hosts and a worker on the third, alternating
 * Gantry and the floor each round. Also: CLI start-up (`gantry --version`) against bare node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadTestbed } from '../test/e2e/support/testbed.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const gantryBin = join(root, 'dist/bin/gantry.js');
const tb = loadTestbed();
const repository = tb.images.app.v1.slice(tb.registry.length + 1).split(':')[0]!;
const hosts = tb.hosts.slice(0, 3).map((h) => h.ip);

const project = mkdtempSync(join(tmpdir(), 'gantry-bench-'));
writeFileSync(
  join(project, 'gantry.yml'),
  stringify({
    service: tb.appServiceLabel,
    image: repository,
    registry: { server: tb.registry },
    servers: { web: { hosts: hosts.slice(0, 2), proxy: false }, workers: { hosts: hosts.slice(2) } },
    ssh: { keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
    retain_containers: 2,
  }),
);

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function mustRun(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = project): void {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

const gantryDeploy = (version: string) => () => mustRun(process.execPath, [gantryBin, 'deploy', '--skip-push', '--version', version], { ...process.env, CI: '1' });
const floorDeploy = (version: string) => () =>
  mustRun('bash', [join(root, 'bench/floor.sh'), version, ...hosts], { ...process.env, FLOOR_SSH_CONFIG: tb.ssh.config, FLOOR_IMAGE: join(tb.registry, repository) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = { gantry: [] as number[], floor: [] as number[], cliStart: [] as number[], nodeStart: [] as number[] };

// Warm both paths once so the first measured round does not pay for cold image pulls.
gantryDeploy('v1')();
floorDeploy('v1')();
for (let round = 0; round < rounds; round++) {
  const version = round % 2 === 0 ? 'v2' : 'v1';
  results.gantry.push(seconds(gantryDeploy(version)));
  results.floor.push(seconds(floorDeploy(version)));
  results.cliStart.push(seconds(() => mustRun(process.execPath, [gantryBin, '--version'])));
  results.nodeStart.push(seconds(() => mustRun(process.execPath, ['-e', '0'])));
}
mustRun(process.execPath, [gantryBin, 'remove', '-y'], { ...process.env, CI: '1' });
for (const h of hosts) execFileSync('ssh', ['-F', tb.ssh.config, `root@${h}`, 'docker rm -f $(docker ps -aq --filter label=floor=1) >/dev/null 2>&1 || true']);

const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} s  (${xs.map((x) => x.toFixed(2)).join(', ')})`;
console.log(`deploy, pull-only, 3 hosts, ${rounds} rounds alternating:`);
console.log(`  gantry  ${fmt(results.gantry)}`);
console.log(`  floor   ${fmt(results.floor)}`);
console.log(`  ratio gantry/floor: ${(median(results.gantry) / median(results.floor)).toFixed(2)}x  (target ≤ 1.10x)`);
console.log(`CLI start: gantry --version ${fmt(results.cliStart)}; node -e 0 ${fmt(results.nodeStart)}`);
