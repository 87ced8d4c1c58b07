import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { BOOT_STATE_FORMAT, HEALTH_WAIT_EXIT, renameAndRun, runAndWaitForHealthy, stepExitCode, waitForHealthy } from '../../../plugins/app/health.js';

test('argv: the script, then every value as a positional parameter', () => {
  const cmd = waitForHealthy({ container: 'app-web-1', timeoutSeconds: 30 });
  assert.equal(cmd.slice(0, 2), ['sh', '-c']);
  assert.equal(cmd.slice(3), ['gantry-wait-healthy', 'app-web-1', '3000', '0', '0.1', BOOT_STATE_FORMAT]);
  // Timeout and readiness delay in hundredths of a second.
  assert.equal(waitForHealthy({ container: 'c', timeoutSeconds: 5, intervalSeconds: 0.2, readinessDelaySeconds: 0.5 }).slice(5, 8), ['500', '50', '0.2']);
  assert.is(BOOT_STATE_FORMAT, '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}');
});

// The script itself, run by the local sh against a fake `docker` that answers from a list.
function waitWith(statuses: string[], opts: { timeoutSeconds?: number; readinessDelaySeconds?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-health-'));
  try {
    writeFileSync(join(dir, 'statuses'), `${statuses.join('\n')}\n`);
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/sh\n[ "$4" = "app-web-1" ] || { echo "Error: No such object: $4" >&2; exit 1; }\n` +
        `s=$(head -1 "${dir}/statuses"); [ "$(wc -l < "${dir}/statuses")" -gt 1 ] && sed -i 1d "${dir}/statuses"; echo "$s"\n`,
    );
    chmodSync(join(dir, 'docker'), 0o755);
    const cmd = waitForHealthy({ container: 'app-web-1', timeoutSeconds: opts.timeoutSeconds ?? 5, intervalSeconds: 0.01, readinessDelaySeconds: opts.readinessDelaySeconds });
    const result = spawnSync(cmd[0] as string, cmd.slice(1) as string[], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    return { code: result.status, out: result.stdout.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('healthy after starting', () => {
  assert.equal(waitWith(['created 0 0 starting', 'running 0 0 starting', 'running 0 0 healthy']), { code: HEALTH_WAIT_EXIT.healthy, out: 'healthy' });
});

test('unhealthy fails at once', () => {
  assert.equal(waitWith(['running 0 0 starting', 'running 0 0 unhealthy']), { code: HEALTH_WAIT_EXIT.failed, out: 'unhealthy' });
});

test('an exit or a restart fails at once, printing status, restart count and exit code', () => {
  assert.equal(waitWith(['running 0 0 starting', 'restarting 1 3 starting']), { code: HEALTH_WAIT_EXIT.crashed, out: 'restarting 1 3' });
  assert.equal(waitWith(['exited 0 137 exited']), { code: HEALTH_WAIT_EXIT.crashed, out: 'exited 0 137' });
  assert.equal(waitWith(['dead 0 1 dead']), { code: HEALTH_WAIT_EXIT.crashed, out: 'dead 0 1' });
  // Restarted between two polls: running again, but the restart count gives it away.
  assert.equal(waitWith(['running 0 0 starting', 'running 1 3 starting']), { code: HEALTH_WAIT_EXIT.crashed, out: 'running 1 3' });
});

test('no health check: running is enough, or still running after the readiness delay', () => {
  assert.equal(waitWith(['running 0 0 running']), { code: 0, out: 'running' });
  assert.equal(waitWith(['running 0 0 running'], { readinessDelaySeconds: 0.05 }), { code: 0, out: 'running' });
  // Watched during the delay: an exit then fails the wait.
  assert.equal(waitWith(['running 0 0 running', 'restarting 1 2 restarting'], { readinessDelaySeconds: 5 }), { code: HEALTH_WAIT_EXIT.crashed, out: 'restarting 1 2' });
});

test('timeout prints the last status', () => {
  assert.equal(waitWith(['running 0 0 starting'], { timeoutSeconds: 0 }), { code: HEALTH_WAIT_EXIT.timeout, out: 'starting' });
  assert.equal(waitWith(['created 0 0 created'], { timeoutSeconds: 0.05 }), { code: HEALTH_WAIT_EXIT.timeout, out: 'created' });
});

test('a missing container fails with docker’s message', () => {
  const cmd = waitForHealthy({ container: 'nope', timeoutSeconds: 1, intervalSeconds: 0.01 });
  const dir = mkdtempSync(join(tmpdir(), 'gantry-health-'));
  writeFileSync(join(dir, 'docker'), '#!/bin/sh\necho "Error: No such object: $4" >&2; exit 1\n');
  chmodSync(join(dir, 'docker'), 0o755);
  const result = spawnSync(cmd[0] as string, cmd.slice(1) as string[], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.is(result.status, 1);
  assert.is(result.stdout.trim(), 'Error: No such object: nope');
});

test('run and wait: the script, the five values, the rename (or two empty words), then the docker run words as they are', () => {
  const run = ['docker', 'run', '--detach', '--name', 'app-web-1', '--env', 'A=b c', 'repo/app:1'];
  const cmd = runAndWaitForHealthy(run, { container: 'app-web-1', timeoutSeconds: 30, readinessDelaySeconds: 7 });
  assert.equal(cmd.slice(0, 2), ['sh', '-c']);
  assert.equal(cmd.slice(3), ['gantry-run-healthy', 'app-web-1', '3000', '700', '0.1', BOOT_STATE_FORMAT, '', '', ...run]);
  const renamed = runAndWaitForHealthy(run, { container: 'app-web-1', timeoutSeconds: 30 }, { from: 'app-web-1', to: 'app-web-1_replaced_ab' });
  assert.equal(renamed.slice(9, 11), ['app-web-1', 'app-web-1_replaced_ab']);
  assert.equal(renamed.slice(11), run);
  // The wait loop is the same text in both scripts.
  const wait = waitForHealthy({ container: 'app-web-1', timeoutSeconds: 30 })[2] as string;
  assert.ok((cmd[2] as string).endsWith(wait.slice(wait.indexOf('\n'))));
  assert.is(stepExitCode('run 125\n', 'run'), 125);
  assert.is(stepExitCode('rename 1\n', 'rename'), 1);
  assert.is(stepExitCode('healthy\n', 'run'), undefined);
});

/**
 * `cmd` through the local sh as a transport sends it (one shell line), against a fake `docker`
 * that logs its calls: `run` prints an id or fails with `runExit`, `rename` fails with
 * `renameExit`, anything else (an inspect) answers the next of `statuses`, the last one repeating.
 */
function withFakeDocker(cmd: Command, { runExit = 0, renameExit = 0, statuses = [] as string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-health-'));
  try {
    writeFileSync(join(dir, 'statuses'), `${statuses.join('\n')}\n`);
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/sh\necho "$*" >> "${dir}/calls"\n` +
        `if [ "$1" = run ]; then [ ${runExit} -eq 0 ] && echo 0123456789abcdef || echo "docker: Error response from daemon: Conflict." >&2; exit ${runExit}; fi\n` +
        `if [ "$1" = rename ]; then [ ${renameExit} -eq 0 ] || echo "Error response from daemon: No such container: $2" >&2; exit ${renameExit}; fi\n` +
        `s=$(head -1 "${dir}/statuses"); [ "$(wc -l < "${dir}/statuses")" -gt 1 ] && sed -i 1d "${dir}/statuses"; echo "$s"\n`,
    );
    chmodSync(join(dir, 'docker'), 0o755);
    const result = spawnSync('sh', ['-c', toShell(cmd)], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    const calls = spawnSync('cat', [join(dir, 'calls')], { encoding: 'utf8' }).stdout.trim().split('\n');
    return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim(), calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const RUN: Command = ['docker', 'run', '--name', 'app-web-1', 'repo/app:1'];
const RENAME = { from: 'app-web-1', to: 'app-web-1_replaced_ab' };

/** runAndWaitForHealthy against the fake docker, with a rename first when `rename` is given. */
function runAndWaitWith(runExit: number, statuses: string[], rename?: { exit: number }) {
  const cmd = runAndWaitForHealthy(RUN, { container: 'app-web-1', timeoutSeconds: 5, intervalSeconds: 0.01 }, rename && RENAME);
  return withFakeDocker(cmd, { runExit, renameExit: rename?.exit ?? 0, statuses });
}

test('run and wait: docker run, then the first poll at once, until healthy; the id is not printed', () => {
  const r = runAndWaitWith(0, ['running 0 0 starting', 'running 0 0 healthy']);
  assert.equal({ code: r.code, out: r.out }, { code: HEALTH_WAIT_EXIT.healthy, out: 'healthy' });
  assert.equal(r.calls, ['run --name app-web-1 repo/app:1', `inspect --format ${BOOT_STATE_FORMAT} app-web-1`, `inspect --format ${BOOT_STATE_FORMAT} app-web-1`]);
});

test('run and wait: a failed docker run exits 4 with its exit code and stderr, and polls nothing', () => {
  const r = runAndWaitWith(125, ['running 0 0 healthy']);
  assert.equal(r, { code: HEALTH_WAIT_EXIT.runFailed, out: 'run 125', err: 'docker: Error response from daemon: Conflict.', calls: ['run --name app-web-1 repo/app:1'] });
});

test('run and wait: the rename first; a failed rename exits 5 with its exit code and stderr, and runs nothing', () => {
  const ok = runAndWaitWith(0, ['running 0 0 healthy'], { exit: 0 });
  assert.equal({ code: ok.code, calls: ok.calls.slice(0, 2) }, { code: 0, calls: ['rename app-web-1 app-web-1_replaced_ab', 'run --name app-web-1 repo/app:1'] });
  const failed = runAndWaitWith(0, ['running 0 0 healthy'], { exit: 1 });
  assert.equal(failed, { code: HEALTH_WAIT_EXIT.renameFailed, out: 'rename 1', err: 'Error response from daemon: No such container: app-web-1', calls: ['rename app-web-1 app-web-1_replaced_ab'] });
});

test('run and wait: a crash after the run fails as the wait alone would', () => {
  const r = runAndWaitWith(0, ['restarting 1 3 starting']);
  assert.equal({ code: r.code, out: r.out }, { code: HEALTH_WAIT_EXIT.crashed, out: 'restarting 1 3' });
});

test('rename and run (a proxied role): the script, the rename, then the docker run words as they are', () => {
  const run = ['docker', 'run', '--detach', '--name', 'app-web-1', '--env', 'A=b c', 'repo/app:1'];
  const cmd = renameAndRun(run, { from: 'app-web-1', to: 'app-web-1_replaced_ab' });
  assert.equal(cmd.slice(0, 2), ['sh', '-c']);
  assert.equal(cmd.slice(3), ['gantry-rename-run', 'app-web-1', 'app-web-1_replaced_ab', ...run]);
  // The rename step is the same text as in runAndWaitForHealthy's script.
  const step = (cmd[2] as string).split('\n').slice(0, 2).join('\n');
  assert.ok((runAndWaitForHealthy(run, { container: 'app-web-1', timeoutSeconds: 30 })[2] as string).includes(step));
});

/** renameAndRun against the fake docker. */
const renameAndRunWith = (renameExit: number, runExit: number) => withFakeDocker(renameAndRun(RUN, RENAME), { runExit, renameExit });

test('rename and run: renamed, then run; the new id is printed', () => {
  assert.equal(renameAndRunWith(0, 0), { code: 0, out: '0123456789abcdef', err: '', calls: ['rename app-web-1 app-web-1_replaced_ab', 'run --name app-web-1 repo/app:1'] });
});

test('rename and run: a failed rename exits 5 with its code and stderr, and runs nothing; a failed run exits 4', () => {
  assert.equal(renameAndRunWith(1, 0), {
    code: HEALTH_WAIT_EXIT.renameFailed,
    out: 'rename 1',
    err: 'Error response from daemon: No such container: app-web-1',
    calls: ['rename app-web-1 app-web-1_replaced_ab'],
  });
  const failed = renameAndRunWith(0, 125);
  assert.equal({ code: failed.code, out: failed.out, err: failed.err }, { code: HEALTH_WAIT_EXIT.runFailed, out: 'run 125', err: 'docker: Error response from daemon: Conflict.' });
});

test.run();
