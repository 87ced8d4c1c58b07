import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveVersion } from '../../core/version.js';
import { tempProject } from './config/temp-project.js';

function gitRepo(): { root: string; sha: string } {
  const root = tempProject({ 'app.rb': 'puts 1\n' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'first');
  return { root, sha: git('rev-parse', 'HEAD') };
}

test('version: --version, then $VERSION, then the commit', () => {
  const { root, sha } = gitRepo();
  assert.is(resolveVersion({ cliVersion: 'v1', envVersion: 'v2', root, buildsWorkingTree: false }), 'v1');
  assert.is(resolveVersion({ envVersion: 'v2', root, buildsWorkingTree: true }), 'v2');
  assert.is(resolveVersion({ root, buildsWorkingTree: false }), sha);
  assert.throws(() => resolveVersion({ cliVersion: 'no/slash', root, buildsWorkingTree: false }), /--version/);
});

test('a working-tree build with changes is marked _uncommitted_<16 hex>; a clean clone build is not', () => {
  const { root, sha } = gitRepo();
  writeFileSync(`${root}/app.rb`, 'puts 2\n');
  assert.match(resolveVersion({ root, buildsWorkingTree: true }), new RegExp(`^${sha}_uncommitted_[0-9a-f]{16}$`));
  assert.is(resolveVersion({ root, buildsWorkingTree: false }), sha);
});

test('no git commit and no version given: a clear error', () => {
  const root = tempProject({});
  assert.throws(() => resolveVersion({ root, buildsWorkingTree: false }), /no version to deploy/);
});

test.run();
