/**
 * The app's part of deploy (and redeploy, rollback, setup): stale containers, boot, the
 * rolling-group driver, the `latest` tag; plus the rollback check and the app part of remove.
 */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import { createBootState } from './boot-state.js';
import { BOOT, BOOT_GROUPS, bootGroupsNode, bootNode } from './nodes/boot.js';
import { LATEST, latestNode } from './nodes/latest.js';
import { inspectNode } from './nodes/inspect.js';
import { REMOVE, removeNode } from './nodes/remove.js';
import { ROLLBACK_CHECK, ROLLBACK_CHECKED, rollbackCheckNode } from './nodes/rollback-check.js';
import { STALE, staleNode } from './nodes/stale.js';

/** Adds app:boot (after `after`, per host) and its group driver; returns what "booted" waits for. */
export function addBoot(builder: GraphBuilder, after: string[], hostAfter: string[] = []): string[] {
  builder.add(bootNode([...after, ...hostAfter]));
  builder.add(bootGroupsNode(after));
  return [BOOT, BOOT_GROUPS];
}

export function addDeployNodes(builder: GraphBuilder, ctx: RunContext): void {
  createBootState(ctx);
  builder.add(staleNode([DEPLOY.ready], 'stop'));
  // app:stale on the same host only: other hosts' stale checks do not hold this host's boot.
  for (const id of addBoot(builder, [DEPLOY.ready], [STALE])) builder.addDependency(DEPLOY.booted, id);
  builder.add(latestNode([DEPLOY.booted])).addDependency(DEPLOY.finished, LATEST);
}

/** Every host checks that the version is there before any host boots it. */
export function addRollbackCheck(builder: GraphBuilder): void {
  const before = builder.get(BOOT_GROUPS)!.dependsOn;
  builder.add(rollbackCheckNode([...before]));
  builder.anchor(ROLLBACK_CHECKED, [ROLLBACK_CHECK], 'app');
  builder.addDependency(BOOT, ROLLBACK_CHECKED).addDependency(BOOT_GROUPS, ROLLBACK_CHECKED);
}

/** `details`: the app's running containers on each host, next to what other plugins show. */
export function addDetailsNodes(builder: GraphBuilder): void {
  const a = anchorsOf('details');
  const node = inspectNode('details', [a.locked]);
  builder.add(node).addDependency(a.finished, node.id);
}

export function addRemoveNodes(builder: GraphBuilder): void {
  const a = anchorsOf('remove');
  builder.add(removeNode([a.locked])).addDependency(a.finished, REMOVE);
}
