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
import { REMOVE, removeNode } from './nodes/remove.js';
import { ROLLBACK_CHECK, ROLLBACK_CHECKED, rollbackCheckNode } from './nodes/rollback-check.js';
import { STALE, staleNode } from './nodes/stale.js';
import { UNDO_BOOT, undoBootNode } from './nodes/undo-boot.js';

/**
 * Adds app:boot (after `after`, per host), its group driver and the undo after a failure;
 * returns what "booted" waits for. The graph's end must wait for UNDO_BOOT too.
 */
export function addBoot(builder: GraphBuilder, after: string[], hostAfter: string[] = []): string[] {
  builder.add(bootNode([...after, ...hostAfter]));
  builder.add(bootGroupsNode(after));
  builder.add(undoBootNode([BOOT, BOOT_GROUPS]));
  return [BOOT, BOOT_GROUPS];
}

export function addDeployNodes(builder: GraphBuilder, ctx: RunContext): void {
  createBootState(ctx);
  builder.add(staleNode([DEPLOY.ready], 'stop'));
  // app:stale on the same host only: other hosts' stale checks do not hold this host's boot.
  for (const id of addBoot(builder, [DEPLOY.ready], [STALE])) builder.addDependency(DEPLOY.booted, id);
  builder.addDependency(DEPLOY.finished, UNDO_BOOT);
  builder.add(latestNode([DEPLOY.booted])).addDependency(DEPLOY.finished, LATEST);
}

/** Every host checks that the version is there before any host boots it. */
export function addRollbackCheck(builder: GraphBuilder): void {
  const before = builder.get(BOOT_GROUPS)!.dependsOn;
  builder.add(rollbackCheckNode([...before]));
  builder.anchor(ROLLBACK_CHECKED, [ROLLBACK_CHECK], 'app');
  builder.addDependency(BOOT, ROLLBACK_CHECKED).addDependency(BOOT_GROUPS, ROLLBACK_CHECKED);
}

export function addRemoveNodes(builder: GraphBuilder): void {
  const a = anchorsOf('remove');
  builder.add(removeNode([a.locked])).addDependency(a.finished, REMOVE);
}
