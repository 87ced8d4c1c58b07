/**
 * The role's current container on a host, asked once per deploy: the stale check asks before the
 * boot and keeps the answer for the boot of that role on that host, which then needs no query of
 * its own (one round trip fewer per role and host). The stale check stops only other versions'
 * containers, so the answer still holds when the boot takes it; the boot takes it only once.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import { currentContainer } from './commands.js';
import { latestImage, roleScope } from './context.js';

const STATE_KEY = 'app:current-container';

function remembered(env: TaskEnv): Map<string, Promise<string>> {
  let known = env.ctx.state.get(STATE_KEY) as Map<string, Promise<string>> | undefined;
  if (!known) env.ctx.state.set(STATE_KEY, (known = new Map()));
  return known;
}

const keyOf = (env: TaskEnv, role: string): string => `${env.host?.name ?? ''}\0${role}`;

/** Asks the host, and keeps the answer for takeCurrentContainer. */
export function rememberCurrentContainer(env: TaskEnv, role: string): Promise<string> {
  const answer = env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name'));
  remembered(env).set(keyOf(env, role), answer);
  return answer;
}

/** The kept answer (once), else a fresh query. */
export function takeCurrentContainer(env: TaskEnv, role: string): Promise<string> {
  const known = remembered(env);
  const key = keyOf(env, role);
  const answer = known.get(key);
  known.delete(key);
  return answer ?? env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name'));
}
