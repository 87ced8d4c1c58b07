import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitIdentity } from '../../../plugins/lock/performer.js';

/** What `git config <key>` says on its own (undefined when unset), the answer one call must match. */
function gitConfig(root: string, key: string): string | undefined {
  try {
    return execFileSync('git', ['config', key], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

test('one git call reads user.name and user.email as `git config <key>` does each', () => {
  const root = mkdtempSync(join(tmpdir(), 'gantry-performer-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: root });
    const set = (...args: string[]) => execFileSync('git', ['config', ...args], { cwd: root });
    // Set twice: the last value wins. Spaces inside quotes are trimmed like the single call trims them.
    set('--add', 'user.name', 'First Name');
    set('--add', 'user.name', 'Ada Lovelace');
    set('user.email', '  ada@example.com ');
    set('user.nameless', 'not asked for');
    const identity = gitIdentity(root);
    assert.is(identity.get('user.name'), 'Ada Lovelace');
    assert.is(identity.get('user.name'), gitConfig(root, 'user.name'));
    assert.is(identity.get('user.email'), 'ada@example.com');
    assert.is(identity.get('user.email'), gitConfig(root, 'user.email'));
    assert.not.ok(identity.has('user.nameless'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a directory git cannot read gives no identity', () => {
  assert.equal(gitIdentity(join(tmpdir(), 'gantry-performer-missing-dir')).size, 0);
});

test.run();
