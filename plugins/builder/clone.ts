/**
 * The clean clone the image is built from. A clone kept from an earlier build is reset to local
 * HEAD; whatever goes wrong with it (reset fails, stray files, wrong commit), it is deleted and
 * cloned again, and only a fresh clone that is still wrong fails the build.
 */
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { makeDir, removeDir } from './dirs.js';
import { buildDirInClone, cloneDir, cloneRepoDir, gitClone, gitHead, gitResetClone, gitValidateClone, isCloneAt } from './git.js';

/** Resolves the directory to build in: the project's subdirectory inside an up-to-date clone. */
export async function prepareClone(env: TaskEnv, repoRoot: string, cwd: string): Promise<string> {
  const service = env.ctx.config.config.service;
  const dir = cloneDir(tmpdir(), service, repoRoot);
  const repo = cloneRepoDir(dir, repoRoot);
  const sha = await env.capture(gitHead(repoRoot));
  if (!(await reuse(env, dir, repo, repoRoot, sha))) {
    env.output('re-cloning the build clone');
    await env.run(removeDir(dir));
    await freshClone(env, dir, repoRoot);
    if (!(await isValid(env, repo, sha))) throw new GantryError(`the build clone in ${repo} is not a clean checkout of ${sha}`);
  }
  return buildDirInClone(dir, repoRoot, cwd);
}

/** Clones, or resets the existing clone; true when the result is a clean checkout of `sha`. */
async function reuse(env: TaskEnv, dir: string, repo: string, repoRoot: string, sha: string): Promise<boolean> {
  await env.run(makeDir(dir));
  const cloned = await env.probe(gitClone(dir, repoRoot, basename(repoRoot)));
  if (cloned.code !== 0) {
    if (!/already exists/.test(cloned.stderr)) return false;
    if ((await env.probe(gitResetClone(repo, repoRoot, sha))).code !== 0) return false;
  }
  return isValid(env, repo, sha);
}

async function freshClone(env: TaskEnv, dir: string, repoRoot: string): Promise<void> {
  await env.run(makeDir(dir));
  await env.run(gitClone(dir, repoRoot, basename(repoRoot)));
}

async function isValid(env: TaskEnv, repo: string, sha: string): Promise<boolean> {
  const status = await env.probe(gitValidateClone(repo));
  // A dry run records commands without output, so there is nothing to judge.
  if (env.ctx.dryRun) return true;
  return status.code === 0 && isCloneAt(status.stdout, sha);
}
