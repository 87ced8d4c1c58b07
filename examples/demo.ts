/**
 * The demo deploy: examples/hello from a fresh git checkout to the running test bed, v1 then
 * v2, while a bounded load loop hits the proxy. Prints what a newcomer should see: the deploy
 * output, the request and failure counts, and the versions served in order.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from '../test/e2e/load.js';
import { loadTestbed } from '../test/e2e/support/testbed.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tb = loadTestbed();
const app = mkdtempSync(join(tmpdir(), 'gantry-demo-'));

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=gantry-demo', '-c', 'user.email=demo@gantry.invalid', ...args], { cwd: app, stdio: 'ignore' });
}

/** Runs the built CLI in the app's folder with its output shown; resolves the exit code. */
function gantry(...args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'dist/bin/gantry.js'), ...args], {
      cwd: app,
      stdio: 'inherit',
      env: { ...process.env, DOCKER_HOST: tb.dev.dockerHost },
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

function release(version: string): void {
  writeFileSync(join(app, 'www/version'), `${version}\n`);
  writeFileSync(join(app, `www/assets/app-${version}.css`), `/* ${version} */\n`);
  git('add', '-A');
  git('commit', '-qm', `release ${version}`);
}

async function main(): Promise<number> {
  cpSync(join(root, 'examples/hello'), app, { recursive: true });
  git('init', '-q', '-b', 'main');
  release('v1');
  console.log(`\n▶ gantry deploy (v1) from ${app}\n`);
  if ((await gantry('deploy')) !== 0) return 1;

  release('v2');
  const web = tb.hosts[0]!.ip;
  console.log(`\n▶ gantry deploy (v2) while a load loop requests http://${web}/version\n`);
  const stop = new AbortController();
  const load = runLoad({ url: `http://${web}/version`, maxRequests: 50_000, maxSeconds: 120, concurrency: 2 }, stop.signal);
  const code = await gantry('deploy');
  stop.abort();
  const report = await load;
  console.log(`\n${report.requests} requests during the deploy, ${report.failures} failed; versions served: ${report.versions.join(' → ')}`);
  const cli = join(root, 'dist/bin/gantry.js');
  console.log(`Try it: curl http://${web}/version   ·   cd ${app} && node ${cli} app details   ·   npm run testbed:down when done`);
  return code === 0 && report.failures === 0 && !report.switchedBack ? 0 : 1;
}

process.exitCode = await main();
