/**
 * Git argv for the build context, and the pure rules around it: where the clean clone lives,
 * which directory of it to build, and which version a deploy gets.
 *
 * By default the image is built from a fresh clone of HEAD, not the working tree, so uncommitted
 * files never ship by accident. The clone is kept between builds and reset to HEAD each time.
 */
import { createHash } from 'node:crypto';
import { basename, join, relative } from 'node:path';
import { and } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';

export function gitHead(dir?: string): Command {
  return git(dir, 'rev-parse', 'HEAD');
}

export function gitTopLevel(dir?: string): Command {
  return git(dir, 'rev-parse', '--show-toplevel');
}

/** Empty output means a clean tree. */
export function gitStatus(dir?: string): Command {
  return git(dir, 'status', '--porcelain');
}

/** Clones the repository into `<parent>/<dir>` with its submodules. `parent` must exist. */
export function gitClone(parent: string, repoRoot: string, dir: string): Command {
  return git(parent, 'clone', repoRoot, dir, '--recurse-submodules');
}

/** Brings an existing clone to `sha` exactly: same origin, no stray or ignored files. */
export function gitResetClone(cloneRepo: string, repoRoot: string, sha: string): Command {
  return and(
    git(cloneRepo, 'remote', 'set-url', 'origin', repoRoot),
    git(cloneRepo, 'fetch', 'origin'),
    git(cloneRepo, 'reset', '--hard', sha),
    git(cloneRepo, 'clean', '-fdx'),
    git(cloneRepo, 'submodule', 'update', '--init'),
  );
}

/** Prints the porcelain status, then HEAD as the last line; judge it with isCloneAt. */
export function gitValidateClone(cloneRepo: string): Command {
  return and(gitStatus(cloneRepo), gitHead(cloneRepo));
}

/** True when gitValidateClone printed a clean status and HEAD is `sha`. */
export function isCloneAt(output: string, sha: string): boolean {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  return lines.length === 1 && lines[0]!.trim() === sha;
}

/** `<tmp>/gantry-clones/<service>-<first 13 hex of sha256(repoRoot)>`: one clone per project. */
export function cloneDir(tmpdir: string, service: string, repoRoot: string): string {
  const digest = createHash('sha256').update(repoRoot).digest('hex').slice(0, 13);
  return join(tmpdir, 'gantry-clones', `${service}-${digest}`);
}

/** The clone's repository directory (where gitClone puts it). */
export function cloneRepoDir(cloneDirPath: string, repoRoot: string): string {
  return join(cloneDirPath, basename(repoRoot));
}

/** Where to build inside the clone: the same subdirectory as `cwd` in the repository (monorepos). */
export function buildDirInClone(cloneDirPath: string, repoRoot: string, cwd: string): string {
  return join(cloneRepoDir(cloneDirPath, repoRoot), relative(repoRoot, cwd));
}

function git(dir: string | undefined, ...args: string[]): Command {
  return ['git', ...(dir === undefined ? [] : ['-C', dir]), ...args];
}
