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

/** Asked once per run (two local git calls), then kept in the run state. */
export function performer(ctx: RunContext): Performer {
  const known = ctx.state.get(STATE_KEY) as Performer | undefined;
  if (known) return known;
  const fallback = userInfo().username;
  const found = {
    name: git(['config', 'user.name'], ctx.config.root) || fallback,
    email: git(['config', 'user.email'], ctx.config.root) || fallback,
  };
  ctx.state.set(STATE_KEY, found);
  return found;
}
