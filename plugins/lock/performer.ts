/**
 * Who runs the deploy, for the lock details and the audit log: git user.name / user.email of
 * the project, falling back to the OS user (a CI runner often has no git identity).
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import type { RunContext } from '../../core/graph/model.js';
import { git } from '../../core/version.js';

export interface Performer {
  name: string;
  email: string;
}

const STATE_KEY = 'lock:performer';
const LOOKUP_KEY = 'lock:performer-lookup';
/** Both keys in one git call; `--get-regexp` lists every config file's value, the last one wins. */
const GIT_ARGS = ['config', '--get-regexp', '^user\\.(name|email)$'];

function performerFrom(gitOutput: string | undefined): Performer {
  const values = new Map<string, string>();
  for (const line of (gitOutput ?? '').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  const fallback = userInfo().username;
  return { name: values.get('user.name') || fallback, email: values.get('user.email') || fallback };
}

/**
 * Looks the performer up without blocking (the lock node starts it while its connection opens);
 * once per run, kept in the run state.
 */
export function lookUpPerformer(ctx: RunContext): Promise<Performer> {
  const known = ctx.state.get(STATE_KEY) as Performer | undefined;
  if (known) return Promise.resolve(known);
  let lookup = ctx.state.get(LOOKUP_KEY) as Promise<Performer> | undefined;
  if (!lookup) {
    lookup = new Promise((resolve) => {
      // A failure (no git, no repository, no identity) leaves the OS user.
      execFile('git', GIT_ARGS, { cwd: ctx.config.root, encoding: 'utf8' }, (_error, stdout) => {
        const found = performerFrom(stdout);
        ctx.state.set(STATE_KEY, found);
        resolve(found);
      });
    });
    ctx.state.set(LOOKUP_KEY, lookup);
  }
  return lookup;
}

/** The performer, for code that cannot wait: the looked-up one, else looked up now. */
export function performer(ctx: RunContext): Performer {
  const known = ctx.state.get(STATE_KEY) as Performer | undefined;
  if (known) return known;
  const found = performerFrom(git(GIT_ARGS, ctx.config.root));
  ctx.state.set(STATE_KEY, found);
  return found;
}
