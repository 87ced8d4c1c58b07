/**
 * The version being deployed: --version, else $VERSION, else the git commit, plus
 * `_uncommitted_<hash>` when the working tree is built directly while it has changes.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { GantryError } from './errors.js';
import { nameProblem } from './config/names.js';

export interface VersionSources {
  cliVersion?: string;
  envVersion?: string;
  /** Project root (where git is asked). */
  root: string;
  /** True when the build uses the working tree (builder.context set), so local changes are included. */
  buildsWorkingTree: boolean;
}

export function resolveVersion(sources: VersionSources): string {
  if (sources.cliVersion !== undefined) return checkedVersion('--version', sources.cliVersion);
  if (sources.envVersion) return checkedVersion('$VERSION', sources.envVersion);
  const sha = git(['rev-parse', 'HEAD'], sources.root);
  if (!sha) throw new GantryError('no version to deploy: not a git repository with a commit; pass --version or set VERSION');
  if (!sources.buildsWorkingTree) return sha;
  const changes = git(['status', '--porcelain'], sources.root);
  if (!changes) return sha;
  const diff = git(['diff', 'HEAD'], sources.root) ?? '';
  return `${sha}_uncommitted_${createHash('sha256').update(changes + diff).digest('hex').slice(0, 16)}`;
}

/** The version names images and containers: it must be a valid image tag. */
export function checkedVersion(source: string, version: string): string {
  const problem = nameProblem('version', version);
  if (problem) throw new GantryError(`${source}: ${problem}`);
  return version;
}

/** Trimmed stdout of a git command, or undefined when git fails (no repo, no commit, no git). */
export function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
