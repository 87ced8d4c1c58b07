import { mkdtemp, readFile, rm, stat, writeFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, GantryError } from '../../../core/errors.js';
import { LocalTransport } from '../../../core/transport/local.js';
import { pipe, raw } from '../../../core/transport/quote.js';
import { rejectionOf } from './rejection.js';

const local = new LocalTransport();

test('exit code, stdout and stderr come back', async () => {
  const result = await local.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(result, { code: 3, stdout: 'out\n', stderr: 'err\n' });
});

test('plain argv is spawned without a shell: metacharacters stay literal', async () => {
  const result = await local.exec(['printf', '%s|', '$HOME', '*', 'a;b']);
  assert.is(result.stdout, '$HOME|*|a;b|');
});

test('raw shell syntax runs through sh -c', async () => {
  const result = await local.exec(pipe(['printf', 'b\\na\\n'], ['sort']));
  assert.is(result.stdout, 'a\nb\n');
  const redirected = await local.exec(['sh', '-c', 'echo to-stderr >&2', raw('2>&1')]);
  assert.is(redirected.stdout, 'to-stderr\n');
});

test('stdin is written and closed', async () => {
  const result = await local.exec(['cat'], { stdin: 'secret\nline' });
  assert.is(result.stdout, 'secret\nline');
  const empty = await local.exec(['cat']);
  assert.is(empty.stdout, '');
});

test('env is merged over the process environment', async () => {
  process.env.GANTRY_TEST_INHERITED = 'inherited';
  const result = await local.exec(['sh', '-c', 'echo "$GANTRY_TEST_EXTRA $GANTRY_TEST_INHERITED"'], { env: { GANTRY_TEST_EXTRA: 'extra' } });
  delete process.env.GANTRY_TEST_INHERITED;
  assert.is(result.stdout, 'extra inherited\n');
});

test('cwd sets the working directory', async () => {
  const dir = await realpath(tmpdir());
  const result = await local.exec(['pwd'], { cwd: dir });
  assert.is(result.stdout.trim(), dir);
});

test('onData streams both outputs as they arrive', async () => {
  const chunks: string[] = [];
  await local.exec(['sh', '-c', 'echo one; echo two >&2'], { onData: (chunk, stream) => chunks.push(`${stream}:${chunk}`) });
  assert.equal(chunks.sort(), ['stderr:two\n', 'stdout:one\n']);
});

test('onLine delivers whole lines; the result keeps only the last 20 of each stream', async () => {
  const lines: string[] = [];
  const result = await local.exec(['sh', '-c', 'seq 1 30; printf partial'], { onLine: (line, stream) => lines.push(`${stream}:${line}`) });
  assert.is(lines.length, 31);
  assert.is(lines[0], 'stdout:1');
  assert.is(lines[30], 'stdout:partial');
  assert.is(result.stdout.split('\n')[0], '12');
  assert.is(result.stdout.trimEnd().split('\n').length, 20);
});

test('a command killed by a signal reports code null and the signal', async () => {
  const result = await local.exec(['sh', '-c', 'kill -TERM $$']);
  assert.is(result.code, null);
  assert.is(result.signal, 'SIGTERM');
});

test('abort kills the whole process group quickly and rejects with AbortedError', async () => {
  const controller = new AbortController();
  let childPid = 0;
  const started = Date.now();
  // The shell runs sleep as its own child: killing only the shell would leave sleep running.
  const running = local.exec(['sh', '-c', 'sleep 10 & echo $!; wait'], {
    signal: controller.signal,
    onData: (chunk) => {
      childPid = Number(chunk.trim());
      controller.abort();
    },
  });
  assert.instance(await rejectionOf(running), AbortedError);
  assert.ok(Date.now() - started < 2000);
  assert.ok(childPid > 0);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.not.ok(await isRunning(childPid), `process ${childPid} survived the abort`);
});

/** Alive and not a zombie (an orphan may wait long to be reaped when PID 1 does not reap). */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

test('an already aborted signal rejects before anything runs', async () => {
  assert.instance(await rejectionOf(local.exec(['true'], { signal: AbortSignal.abort() })), AbortedError);
});

test('timeoutMs stops the command and says so', async () => {
  const started = Date.now();
  const error = await rejectionOf(local.exec(['sleep', '10'], { timeoutMs: 100 }));
  assert.instance(error, GantryError);
  assert.match(error.message, 'localhost: `sleep 10` timed out after 100 ms');
  assert.ok(Date.now() - started < 2000);
});

test('a missing program is a GantryError naming the command', async () => {
  const error = await rejectionOf(local.exec(['gantry-no-such-program', 'x']));
  assert.instance(error, GantryError);
  assert.match(error.message, '`gantry-no-such-program x` could not run');
  const badCwd = await rejectionOf(local.exec(['ls'], { cwd: '/nonexistent-gantry-dir' }));
  assert.match(badCwd.message, 'or the directory /nonexistent-gantry-dir does not exist');
});

test('upload writes the content with the exact mode, replacing a wider file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-local-'));
  const file = join(dir, 'app.env');
  await writeFile(file, 'old', { mode: 0o644 });
  const previousUmask = process.umask(0o077);
  try {
    await local.upload('SECRET=1\n', file, 0o600);
    assert.is((await stat(file)).mode & 0o777, 0o600);
    assert.is(await readFile(file, 'utf8'), 'SECRET=1\n');
    // A mode wider than the umask allows is still exact.
    await local.upload('public', join(dir, 'public.txt'), 0o644);
    assert.is((await stat(join(dir, 'public.txt'))).mode & 0o777, 0o644);
  } finally {
    process.umask(previousUmask);
    await rm(dir, { recursive: true });
  }
});

test('upload into a missing directory is a GantryError naming the path', async () => {
  const error = await rejectionOf(local.upload('x', '/nonexistent-gantry-dir/file'));
  assert.instance(error, GantryError);
  assert.match(error.message, 'could not write /nonexistent-gantry-dir/file');
});

test.run();
