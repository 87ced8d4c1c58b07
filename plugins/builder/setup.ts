/**
 * Makes sure the planned buildx builder exists before a build: a missing one (the errors Kamal
 * treats as missing) is removed and created again; any other inspect error fails the build.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import {
  createHybridBuilder,
  createLocalBuilder,
  createRemoteBuilder,
  inspectBuilder,
  isMissingBuilderError,
  removeHybridBuilder,
  removeLocalBuilder,
  removeRemoteBuilder,
} from './commands.js';
import type { BuilderPlan } from './plan.js';

export async function ensureBuilder(env: TaskEnv, plan: BuilderPlan): Promise<void> {
  if (!plan.name) return;
  const inspected = await env.probe(inspectBuilder(plan.name));
  if (inspected.code === 0) return;
  if (!isMissingBuilderError(inspected.stderr)) throw new GantryError(`cannot use the buildx builder ${plan.name}: ${inspected.stderr.trim()}`);
  const { remove, create } = builderLifecycle(plan);
  // Leftovers of a half-created builder would make the create fail.
  await env.probe(remove);
  await env.run(create);
}

/** The argv that removes and creates the planned builder. */
export function builderLifecycle(plan: BuilderPlan): { remove: Command; create: Command } {
  const { driver, remote } = plan;
  if (plan.kind === 'hybrid' && remote) {
    return { remove: removeHybridBuilder(driver, remote), create: createHybridBuilder({ driver, remote, localArches: plan.localArches, remoteArches: plan.remoteArches }) };
  }
  if (plan.kind === 'remote' && remote) return { remove: removeRemoteBuilder(remote), create: createRemoteBuilder(remote) };
  return { remove: removeLocalBuilder(driver, plan.localRegistry), create: createLocalBuilder(driver, plan.localRegistry) };
}
