/**
 * `build create`, `build remove` and `build details`: the buildx builder a deploy would use
 * (plan.ts), managed by hand. The `docker` driver builds with the daemon's own builder, so there
 * is nothing to create or remove then.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv, TaskNode } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import { buildxVersion } from '../docker/api.js';
import { listBuilders, listDockerContexts } from './commands.js';
import { PLUGIN_NAME, builderPlan } from './nodes.js';
import { builderLifecycle as planLifecycle } from './setup.js';

export const CREATE = 'build:create';
export const REMOVE = 'build:remove';
export const DETAILS = 'build:details';

const DAEMON_BUILDER = 'the Docker daemon’s own builder (docker driver)';

/** The planned builder's name and the argv that create and remove it; undefined for the daemon's own builder. */
export async function builderLifecycle(env: TaskEnv): Promise<{ name: string; create: Command; remove: Command } | undefined> {
  const plan = await builderPlan(env);
  return plan.name ? { name: plan.name, ...planLifecycle(plan) } : undefined;
}

async function requireBuildx(env: TaskEnv): Promise<void> {
  if ((await env.probe(buildxVersion())).code !== 0) throw new GantryError('docker buildx is not installed on this machine');
}

async function create(env: TaskEnv): Promise<void> {
  const builder = await builderLifecycle(env);
  if (!builder) return env.ctx.print(`nothing to create: builds use ${DAEMON_BUILDER}`);
  await requireBuildx(env);
  await env.run(builder.create);
}

async function remove(env: TaskEnv): Promise<void> {
  const builder = await builderLifecycle(env);
  if (!builder) return env.ctx.print(`nothing to remove: builds use ${DAEMON_BUILDER}`);
  await requireBuildx(env);
  await env.run(builder.remove);
}

async function details(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  ctx.print(`Builder: ${(await builderLifecycle(env))?.name ?? DAEMON_BUILDER}`);
  ctx.print(await env.capture(listDockerContexts()));
  const builders = await env.probe(listBuilders());
  ctx.print(builders.code === 0 ? builders.stdout.trimEnd() : 'docker buildx: not installed on this machine');
}

function node(id: string, title: string, run: (env: TaskEnv) => Promise<void>): (dependsOn: string[]) => TaskNode {
  return (dependsOn) => ({ id, title, plugin: PLUGIN_NAME, dependsOn, scope: 'local', run });
}

export const createNode = node(CREATE, 'create the buildx builder', create);
export const removeNode = node(REMOVE, 'remove the buildx builder', remove);
export const detailsNode = node(DETAILS, 'show the builder', details);
