/**
 * The operator's daily commands on real hosts, after one deploy: app exec (new container,
 * --reuse, -i through a pseudo-terminal), app logs (-n per host, -f ended by Ctrl-C),
 * server exec, details, and init + config in an empty folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { GANTRY_BIN, gantry } from '../support/gantry.js';
import { gantryOnTerminal } from '../support/terminal.js';
import { writeProject, type Project } from '../support/project.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const [h1, h2, h3] = [tb.hosts[0]!, tb.hosts[1]!, tb.hosts[2]!];
const env = gantryEnv(tb);
const SECRET = 'hunter-e2e-42';
let project: Project;

function config(): Record<string, unknown> {
  const base = appConfig(tb);
  const servers = base.servers as Record<string, Record<string, unknown>>;
  // Five log lines at start, so `app logs -n 3` has more than it shows.
  servers.web!.cmd = `sh -c 'for i in 1 2 3 4 5; do echo log-line-$i; done; exec run-app'`;
  servers.web!.env = { clear: { E2E_MODE: 'exec-test' }, secret: ['E2E_SECRET'] };
  // The fixture's Dockerfile defaults to the default bed's registry; this bed may have another.
  base.builder = { ...(base.builder as object), args: { BASE: tb.images.busybox } };
  return base;
}

test.before(async () => {
  project = await writeProject({ config: config(), fixture: 'app', git: true, files: { '.kamal/secrets': `E2E_SECRET=${SECRET}\n` } });
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  // uvu 0.5 reports a failing hook as nothing at all: say why before the cases fail.
  if (r.code !== 0) console.error(`deploy failed: ${describeRun(r)}`);
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    await project.remove();
  }
});

test("app exec 'env': a new container with the role's env and secret on every web host", async () => {
  const r = await gantry(['app', 'exec', '-r', 'web', `sh -c 'env; test "$E2E_SECRET" = ${SECRET} && echo secret-ok'`], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2]) {
    assert.match(r.stdout, `${host.ip}: E2E_MODE=exec-test`);
    assert.match(r.stdout, `${host.ip}: secret-ok`);
  }
  assert.not.match(r.stdout, h3.ip, 'only the web hosts');
  assert.not.match(r.stdout + r.stderr, SECRET, 'the secret value is redacted in what is printed');
});

test('app exec: the exit code of the remote command becomes gantry’s', async () => {
  const r = await gantry(['app', 'exec', '-h', h1.ip, 'sh -c "exit 7"'], { cwd: project.dir, env });
  assert.is(r.code, 7, describeRun(r));
});

test("app exec --reuse 'cat /www/version': inside the running container", async () => {
  const r = await gantry(['app', 'exec', '--reuse', '-r', 'web', '-p', 'cat /www/version'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.is(r.stdout.trim(), 'fixture-v1');
});

test('app exec -i sh: a real pseudo-terminal on the primary host; keys in, output out, exit 0', async () => {
  // The shell's prompt (busybox ash may follow it with a cursor-position query).
  const r = await gantryOnTerminal(['app', 'exec', '-i', 'sh'], { cwd: project.dir, env, when: /[#$] /, keys: ['echo $((6*7))\r', 'tty\r', 'exit\r'], timeoutMs: 60_000 });
  assert.is(r.code, 0, r.output);
  // The typed line echoes as `echo $((6*7))`; only the shell's arithmetic prints 42.
  assert.match(r.output, /\b42\b/, r.output);
  assert.match(r.output, /\/dev\/pts\/\d+/, 'the command has a terminal');
});

test('app logs -n 3: three lines per host, each with its host', async () => {
  const r = await gantry(['app', 'logs', '-r', 'web', '-n', '3', '-T'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2]) {
    const lines = r.stdout.split('\n').filter((l) => l.startsWith(`${host.ip}: `));
    assert.is(lines.length, 3, r.stdout);
    assert.is(lines[0], `${host.ip}: log-line-3`);
  }
});

test('app logs -f follows until Ctrl-C, then ends within a second', async () => {
  const child = spawn(process.execPath, [GANTRY_BIN, 'app', 'logs', '-f', '-T', '-r', 'web'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // Generous: on a loaded machine the second host's SSH login alone can take seconds.
  const deadline = Date.now() + 90_000;
  while (!(output.includes(`${h1.ip}: log-line-5`) && output.includes(`${h2.ip}: log-line-5`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(output, `${h2.ip}: log-line-5`, output);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const interrupted = Date.now();
  child.kill('SIGINT');
  const code = await exited;
  const took = Date.now() - interrupted;
  console.log(`    app logs -f ended ${took} ms after SIGINT (exit ${code})`);
  assert.ok(took < 1000, `took ${took} ms`);
  assert.is(code, 130);
});

test("server exec 'uname -n' on every host", async () => {
  const r = await gantry(['server', 'exec', 'uname -n'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2, h3]) assert.match(r.stdout, new RegExp(`^${host.ip.replaceAll('.', '\\.')}: \\S+$`, 'm'));
});

test('details: the app containers of every host', async () => {
  const r = await gantry(['details'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const host of [h1, h2]) assert.match(r.stdout, new RegExp(`^${host.ip.replaceAll('.', '\\.')}:\n.*\n.*e2eapp-web-`, 'm'));
  assert.match(r.stdout, 'e2eapp-workers-');
});

test('init in an empty folder writes a config that `gantry config` accepts; a second init refuses', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-init-'));
  try {
    const first = await gantry(['init'], { cwd: dir, env });
    assert.is(first.code, 0, describeRun(first));
    assert.match(first.stdout, 'created config/deploy.yml');
    const config = await gantry(['config'], { cwd: dir, env });
    assert.is(config.code, 0, describeRun(config));
    assert.match(config.stdout, 'service: my-app');
    const again = await gantry(['init'], { cwd: dir, env });
    assert.is(again.code, 1);
    assert.match(again.stderr, 'init leaves existing files alone');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
