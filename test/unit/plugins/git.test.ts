import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import {
  buildDirInClone,
  cloneDir,
  cloneRepoDir,
  gitClone,
  gitHead,
  gitResetClone,
  gitStatus,
  gitTopLevel,
  gitValidateClone,
  isCloneAt,
} from '../../../plugins/builder/git.js';

const sha = '4c2f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b';

test('queries', () => {
  assert.equal(gitHead(), ['git', 'rev-parse', 'HEAD']);
  assert.equal(gitHead('/tmp/c/app'), ['git', '-C', '/tmp/c/app', 'rev-parse', 'HEAD']);
  assert.equal(gitTopLevel(), ['git', 'rev-parse', '--show-toplevel']);
  assert.equal(gitStatus(), ['git', 'status', '--porcelain']);
});

test('clone, reset and validate', () => {
  assert.equal(gitClone('/tmp/gantry-clones/app-x', '/home/me/my app', 'my app'), [
    'git', '-C', '/tmp/gantry-clones/app-x', 'clone', '/home/me/my app', 'my app', '--recurse-submodules',
  ]);
  assert.is(
    toShell(gitResetClone('/c/app', '/src/app', sha)),
    `git -C /c/app remote set-url origin /src/app && git -C /c/app fetch origin && git -C /c/app reset --hard ${sha} && git -C /c/app clean -fdx && git -C /c/app submodule update --init`,
  );
  assert.is(toShell(gitValidateClone('/c/app')), 'git -C /c/app status --porcelain && git -C /c/app rev-parse HEAD');
});

test('a clone is valid when clean and at the commit', () => {
  assert.ok(isCloneAt(`${sha}\n`, sha));
  assert.not.ok(isCloneAt(` M Gemfile\n${sha}\n`, sha));
  assert.not.ok(isCloneAt('0000000000000000000000000000000000000000\n', sha));
  assert.not.ok(isCloneAt('', sha));
});

test('clone directory: per service and project, 13 hex of sha256(repo root)', () => {
  const digest = createHash('sha256').update('/home/me/app').digest('hex').slice(0, 13);
  assert.is(cloneDir('/tmp', 'app', '/home/me/app'), `/tmp/gantry-clones/app-${digest}`);
  assert.is(cloneRepoDir('/tmp/gantry-clones/app-x', '/home/me/app'), '/tmp/gantry-clones/app-x/app');
});

test('build directory: the same subdirectory inside the clone (monorepos)', () => {
  assert.is(buildDirInClone('/tmp/c', '/home/me/mono', '/home/me/mono'), '/tmp/c/mono');
  assert.is(buildDirInClone('/tmp/c', '/home/me/mono', '/home/me/mono/services/web'), '/tmp/c/mono/services/web');
});

test.run();
