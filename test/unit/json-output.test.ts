import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { Session } from '../../cli/session.js';
import { runCli } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../fixtures/config/kamal-app/config/deploy.yml', import.meta.url));

/** Every line of stdout must be a JSON object. */
function assertJsonLines(argv: string[], stdout: string): void {
  for (const line of stdout.split('\n').filter(Boolean)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      assert.unreachable(`gantry ${argv.join(' ')} printed a line that is not JSON: ${line}`);
    }
    assert.type(parsed, 'object', line);
  }
}

test('--json: every graph (dry run) prints nothing but JSON lines on stdout', async () => {
  const session = await Session.create(['-c', CONFIG]);
  const graphs = session.graphs();
  assert.ok(graphs.length > 20, 'all built-in graphs');
  for (const decl of graphs) {
    const positional = (decl.args ?? []).map((arg) => (arg === 'version' ? 'v0' : arg === 'name' ? 'mysql' : 'x'));
    const argv = [...decl.name.split(' '), ...positional, '-c', CONFIG, '--dry-run', '--json', '--version', 'v1'];
    const run = await runCli(argv);
    assert.ok(run.stdout.length > 0 || run.code !== 0, `gantry ${argv.join(' ')} printed nothing`);
    assertJsonLines(argv, run.stdout);
  }
});

test('--json: the utility commands print one JSON line', async () => {
  for (const argv of [['config', '-c', CONFIG, '--json'], ['docs', 'proxy', '--json'], ['graph', 'deploy', '-c', CONFIG, '--json'], ['version', '--json'], ['--version', '--json'], ['secrets', 'print', '-c', CONFIG, '--json']]) {
    const run = await runCli(argv);
    assert.is(run.code, 0, run.stderr);
    assert.is(run.stdout.trimEnd().split('\n').length, 1, argv.join(' '));
    assertJsonLines(argv, run.stdout);
  }
});

test('--json: results a graph prints (lock status, app version) are `print` events', async () => {
  const run = await runCli(['lock', 'status', '-c', CONFIG, '--dry-run', '--json']);
  const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; graph?: string });
  assert.ok(events.some((e) => e.event === 'print' && e.graph === 'lock status'), run.stdout);
  assert.ok(events.some((e) => e.event === 'command'), run.stdout);
});

test('--json: a usage error and a config error end with one `error` event on stdout', async () => {
  const usage = await runCli(['deploy', '--no-such-option', '-c', CONFIG, '--json']);
  assert.is(usage.code, 1);
  assert.equal(usage.stdout.trim().split('\n').map((line) => JSON.parse(line).event), ['error']);
  assert.match(JSON.parse(usage.stdout).message, /unknown option '--no-such-option'/);

  const missing = await runCli(['config', '-c', '/nonexistent/deploy.yml', '--json']);
  assert.is(missing.code, 1);
  assert.is(JSON.parse(missing.stdout).event, 'error');
});

test.run();
