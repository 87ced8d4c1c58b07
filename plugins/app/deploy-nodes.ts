/**
 * The app's part of deploy (and redeploy, rollback, setup): per host the host setup once the lock
 * is held (env directory, env files and the boot's questions, alongside the pull and the shared
 * network step), the stale-container stop in the prepare slot; the boot (groups, barrier, per-host
 * boots) once every host pulled; the `latest` tag; plus the rollback check and the app part of remove.
 */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import { requireNetwork } from '../docker/api.js';
import type { AppHooks } from './api.js';
import { HOST_SETUP, UNDO_BOOT, addBoot, firstBootNode, hostSetupNode } from './nodes/boot.js';
import { LATEST, latestNode } from './nodes/latest.js';
import { inspectNode } from './nodes/inspect.js';
import { REMOVE, removeNode } from './nodes/remove.js';
import { ROLLBACK_CHECK, ROLLBACK_CHECKED, rollbackCheckNode } from './nodes/rollback-check.js';
import { STALE, staleNode } from './nodes/stale.js';

export function addDeployNodes(builder: GraphBuilder, ctx: RunContext, hooks: AppHooks): void {
  // Reads and env files only: alongside the pull. The stale stop changes the host: after it.
  builder.add(hostSetupNode([DEPLOY.locked], ['running', 'current', 'clashing']));
  builder.addDependency(DEPLOY.prepared, HOST_SETUP);
  builder.between(DEPLOY.prepare, staleNode([HOST_SETUP], 'stop'), DEPLOY.prepared);
  // Only the boot's `docker run` needs the network: the host setup does not wait for it, the
  // last step before the boot (the stale stop) does.
  requireNetwork(builder, STALE, [DEPLOY.locked]);
  for (const id of addBoot(builder, ctx, hooks, { after: [DEPLOY.ready], hostReady: DEPLOY.prepared })) builder.addDependency(DEPLOY.booted, id);
  builder.addDependency(DEPLOY.finished, UNDO_BOOT);
  builder.between(DEPLOY.booted, latestNode([]), DEPLOY.finished);
}

/**
 * Every host checks that the version is there before any host boots it, with the answer its host
 * setup got (one `docker` query fewer per role and host).
 */
export function addRollbackCheck(builder: GraphBuilder, ctx: RunContext): void {
  builder.add(rollbackCheckNode(builder.has(HOST_SETUP) ? [DEPLOY.ready, HOST_SETUP] : [DEPLOY.ready]));
  builder.anchor(ROLLBACK_CHECKED, [ROLLBACK_CHECK], 'app');
  builder.addDependency(firstBootNode(ctx), ROLLBACK_CHECKED);
}

/** `details`: the app's running containers on each host, next to what other plugins show. */
export function addDetailsNodes(builder: GraphBuilder): void {
  const a = anchorsOf('details');
  const node = inspectNode('details', [a.locked]);
  builder.add(node).addDependency(a.finished, node.id);
}

export function addRemoveNodes(builder: GraphBuilder): void {
  const a = anchorsOf('remove');
  builder.between(a.locked, removeNode([]), a.finished);
}

export { LATEST, REMOVE };
