/**
 * Makes sure the buildx builder exists before a build: a missing one (the errors Kamal treats
 * as missing) is removed and created again; any other inspect error fails the build.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { createLocalBuilder, createRemoteBuilder, inspectBuilder, isMissingBuilderError, removeLocalBuilder, removeRemoteBuilder } from './commands.js';
import { builderName, remoteUri, usesLocalRegistry } from './options.js';

export async function ensureBuilder(env: TaskEnv): Promise<void> {
  const name = builderName(env.ctx);
  if (!name) return;
  const inspected = await env.probe(inspectBuilder(name));
  if (inspected.code === 0) return;
  if (!isMissingBuilderError(inspected.stderr)) throw new GantryError(`cannot use the buildx builder ${name}: ${inspected.stderr.trim()}`);
  const remote = remoteUri(env.ctx);
  const driver = env.ctx.config.config.builder?.driver ?? 'docker-container';
  // Leftovers of a half-created builder would make the create fail.
  const local = usesLocalRegistry(env.ctx);
  await env.probe(remote ? removeRemoteBuilder(remote) : removeLocalBuilder(driver, local));
  await env.run(remote ? createRemoteBuilder(remote) : createLocalBuilder(driver, local));
}
