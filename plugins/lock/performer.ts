/**
 * Who runs the deploy, for the lock details and the audit log: git user.name / user.email of
 * the project, falling back to the OS user (a CI runner often has no git identity).
 */
import { userInfo } from 'node:os';
import type { RunContext } from '../../core/graph/model.js';
import { git } from '../../core/version.js';

export interface Performer {
  name: string;
  email: string;
}

const STATE_KEY = 'lock:performer';

/** Asked once per run (one local git call), then kept in the run state. */
export function performer(ctx: RunContext): Performer {
  const known = ctx.state.get(STATE_KEY) as Performer | undefined;
  if (known) return known;
  const fallback = userInfo().username;
  const identity = gitIdentity(ctx.config.root);
  const found = { name: identity.get('user.name') || fallback, email: identity.get('user.email') || fallback };
  ctx.state.set(STATE_KEY, found);
  return found;
}

/**
 * user.name and user.email as `git config <key>` gives each (the last value set wins, trimmed),
 * from one git process instead of two: `-z` ends each entry with NUL and puts a newline between
 * key and value.
 */
export function gitIdentity(root: string): Map<string, string> {
  const values = new Map<string, string>();
  const listed = git(['config', '-z', '--get-regexp', '^user\\.(name|email)$'], root) ?? '';
  for (const entry of listed.split('\0')) {
    if (!entry) continue;
    // A key set without a value (`[user] name`) has no newline: like an empty value.
    const newline = entry.indexOf('\n');
    if (newline === -1) values.set(entry, '');
    else values.set(entry.slice(0, newline), entry.slice(newline + 1).trim());
  }
  return values;
}
