import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { watchForExit } from '../../../plugins/app/exit-watch.js';
import { describeExit } from '../../../plugins/app/health.js';

// The script, run by the local sh against a fake `docker inspect` answering from a list.
function watch(states: string[], seconds = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-watch-'));
  try {
    writeFileSync(join(dir, 'states'), `${states.join('\n')}\n`);
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/sh\ns=$(head -1 "${dir}/states"); [ "$(wc -l < "${dir}/states")" -gt 1 ] && sed -i 1d "${dir}/states"; echo "$s"\n`,
    );
    chmodSync(join(dir, 'docker'), 0o755);
    const cmd = watchForExit('app-web-1', seconds, 0.01);
    const result = spawnSync(cmd[0] as string, cmd.slice(1) as string[], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    return { code: result.status, out: result.stdout.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('ends at the first exit or restart, printing the state', () => {
  assert.equal(watch(['created 0 0', 'running 0 0', 'restarting 1 3']), { code: 1, out: 'restarting 1 3' });
  assert.equal(watch(['running 0 0', 'exited 0 137']), { code: 1, out: 'exited 0 137' });
  // Restarted between two polls: running again, but the restart count gives it away.
  assert.equal(watch(['running 0 0', 'running 1 3']), { code: 1, out: 'running 1 3' });
});

test('a container that keeps running is watched until the time is up', () => {
  assert.equal(watch(['running 0 0'], 0), { code: 0, out: '' });
});

test('the state in words', () => {
  assert.is(describeExit('restarting 2 3'), 'exited with code 3, restarting');
  assert.is(describeExit('exited 0 1'), 'exited with code 1');
  assert.is(describeExit('running 1 0'), 'exited and was restarted (1 time)');
  assert.is(describeExit('dead 0 137'), 'is dead (last exit code 137)');
  assert.is(describeExit('Error: No such object: x'), 'Error: No such object: x');
});

test.run();
