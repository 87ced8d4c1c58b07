/** Throw-away project directories for running gantry in: a config file, optional extra files,
 * optionally the fixture app's sources and a git repository. */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ProjectOptions {
  /** YAML text, or a value written as YAML. */
  config: string | object;
  /** Relative path of the config file; default config/deploy.yml. */
  configFile?: string;
  /** Extra files: relative path -> content. Written after the fixture, so they override it. */
  files?: Record<string, string>;
  /** Copy test/e2e/fixtures/<name> into the project first (e.g. 'app': a buildable app). */
  fixture?: string;
  /** git init and commit everything, for tools that take the version from the commit. */
  git?: boolean;
}

export interface Project {
  dir: string;
  /** Runs git in the project (e.g. to commit a change before a second deploy). */
  git(...args: string[]): string;
  remove(): Promise<void>;
}

export async function writeProject(opts: ProjectOptions): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-e2e-'));
  if (opts.fixture) await cp(join(FIXTURES, opts.fixture), dir, { recursive: true, verbatimSymlinks: true });
  const files: Record<string, string> = {
    [opts.configFile ?? 'config/deploy.yml']: typeof opts.config === 'string' ? opts.config : stringify(opts.config),
    ...opts.files,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=gantry-e2e', '-c', 'user.email=e2e@gantry.invalid', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
  if (opts.git) {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'e2e project');
  }
  return { dir, git, remove: () => rm(dir, { recursive: true, force: true }) };
}
