/**
 * What the boot of a role on a host asks first, asked once per deploy: the role's current
 * container, and whether a container already has the new container's name (the same version
 * deployed again). The stale check asks both before the boot and keeps the answers for the boot
 * of that role on that host, which then needs no query of its own (docker calls off the boot's
 * critical path). The stale check stops only other versions' containers and renames nothing, so
 * the answers still hold when the boot takes them; the boot takes each only once.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import { containerIdByName } from '../docker/api.js';
import { currentContainer } from './commands.js';
import { latestImage, roleScope } from './context.js';
import { containerName } from './naming.js';

const STATE_KEY = 'app:current-container';

type Question = 'current' | 'clashing';

function remembered(env: TaskEnv): Map<string, Promise<string>> {
  let known = env.ctx.state.get(STATE_KEY) as Map<string, Promise<string>> | undefined;
  if (!known) env.ctx.state.set(STATE_KEY, (known = new Map()));
  return known;
}

const keyOf = (env: TaskEnv, role: string, question: Question): string => `${env.host?.name ?? ''}\0${role}\0${question}`;

const ask: Record<Question, (env: TaskEnv, role: string) => Promise<string>> = {
  current: (env, role) => env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name')),
  clashing: (env, role) => env.capture(containerIdByName(containerName(roleScope(env.ctx, role), env.ctx.version))),
};

/** Asks the host both questions at once, and keeps the answers for takeCurrentContainer and takeClashingContainer. */
export function rememberBootQueries(env: TaskEnv, role: string): { current: Promise<string>; clashing: Promise<string> } {
  const known = remembered(env);
  const answers = { current: ask.current(env, role), clashing: ask.clashing(env, role) };
  known.set(keyOf(env, role, 'current'), answers.current);
  known.set(keyOf(env, role, 'clashing'), answers.clashing);
  return answers;
}

function take(env: TaskEnv, role: string, question: Question): Promise<string> {
  const known = remembered(env);
  const key = keyOf(env, role, question);
  const answer = known.get(key);
  known.delete(key);
  return answer ?? ask[question](env, role);
}

/** The role's current container name (empty when none): the kept answer (once), else a fresh query. */
export function takeCurrentContainer(env: TaskEnv, role: string): Promise<string> {
  return take(env, role, 'current');
}

/** The id of a container named like the role's new one (empty when none): the kept answer (once), else a fresh query. */
export function takeClashingContainer(env: TaskEnv, role: string): Promise<string> {
  return take(env, role, 'clashing');
}
