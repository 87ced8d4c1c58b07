/**
 * What the boot of a role on a host and the stale check ask first, asked once per deploy: the
 * role's running containers (the stale check), its current container, and whether a container
 * already has the new container's name (the same version deployed again; `<id> <state>`). The
 * host setup asks them side by side while the pull runs and keeps the answers (docker calls off
 * the boot's critical path). The lock is held and the pull changes no container, so they still hold
 * when the stale check and the boot read them; the stale check stops only other versions'
 * containers and renames nothing. The boot takes its answers once; without kept answers (the
 * `app stale_containers` command, a second boot) each is asked when needed.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import { containerStateByName } from '../docker/api.js';
import { currentContainer, runningContainerNames } from './commands.js';
import { latestImage, roleScope } from './context.js';
import { containerName } from './naming.js';

const STATE_KEY = 'app:boot-answers';

export type BootQuestion = 'running' | 'current' | 'clashing';

function remembered(env: TaskEnv): Map<string, string> {
  let known = env.ctx.state.get(STATE_KEY) as Map<string, string> | undefined;
  if (!known) env.ctx.state.set(STATE_KEY, (known = new Map()));
  return known;
}

const keyOf = (env: TaskEnv, role: string, question: BootQuestion): string => `${env.host?.name ?? ''}\0${role}\0${question}`;

/** The command that answers a question about the role on the env's host (output: one name or id per line). */
export function bootQuery(env: TaskEnv, role: string, question: BootQuestion): Command {
  const scope = roleScope(env.ctx, role);
  if (question === 'running') return runningContainerNames(scope);
  if (question === 'current') return currentContainer(scope, latestImage(env.ctx), 'name');
  return containerStateByName(containerName(scope, env.ctx.version));
}

/** Keeps an answer (trimmed output of bootQuery) for readBootAnswer and takeBootAnswer. */
export function keepBootAnswer(env: TaskEnv, role: string, question: BootQuestion, answer: string): void {
  remembered(env).set(keyOf(env, role, question), answer);
}

function read(env: TaskEnv, role: string, question: BootQuestion, take: boolean): Promise<string> {
  const known = remembered(env);
  const key = keyOf(env, role, question);
  const answer = known.get(key);
  if (answer === undefined) return env.capture(bootQuery(env, role, question));
  if (take) known.delete(key);
  return Promise.resolve(answer);
}

/** The kept answer (kept for later readers too), else a fresh query. */
export function readBootAnswer(env: TaskEnv, role: string, question: BootQuestion): Promise<string> {
  return read(env, role, question, false);
}

/** The kept answer, once (a later read asks the host), else a fresh query. */
export function takeBootAnswer(env: TaskEnv, role: string, question: BootQuestion): Promise<string> {
  return read(env, role, question, true);
}
