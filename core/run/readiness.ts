/**
 * The failure policy: once an instance's dependencies are settled, does it run, get skipped,
 * or wait? Kept apart from the scheduler's bookkeeping so the rules read in one place.
 */
import type { TaskInstance } from '../graph/model.js';
import type { TaskStatus } from './results.js';
import { NOT_RUN } from './run-result.js';

/** How a settled instance affects its dependents. */
export interface Settlement {
  status: TaskStatus;
  /** Failed, cancelled, or not run because of those: dependents of success nodes must not run. */
  blocking: boolean;
  /** The failed instance at the root of a blocking settlement; absent when interrupted. */
  cause?: string;
}

export interface RunState {
  /** Key of the first instance that failed. */
  firstFailure?: string;
  interrupted: boolean;
  /** Nothing runs and nothing else can start: no failure can happen any more. */
  quiescent: boolean;
}

export type Decision =
  | { action: 'run' }
  | { action: 'wait' }
  | { action: 'skip'; reason: string; settlement: Settlement };

export function decide(instance: TaskInstance, deps: readonly Settlement[], run: RunState): Decision {
  switch (instance.node.when ?? 'success') {
    case 'always':
      return { action: 'run' };
    case 'failure':
      if (run.firstFailure !== undefined || run.interrupted) return { action: 'run' };
      // A later failure elsewhere could still call for this node, so decide only at quiescence.
      if (!run.quiescent) return { action: 'wait' };
      return { action: 'skip', reason: 'runs only after a failure', settlement: { status: 'skipped', blocking: false } };
    case 'success':
      return decideSuccessNode(deps, run);
  }
}

// Kamal's "wait for all threads": after the first failure no new success node starts, but the
// ones already running finish. A dependency skipped by its own skip() counts as done.
function decideSuccessNode(deps: readonly Settlement[], run: RunState): Decision {
  const blocker = deps.find((dep) => dep.blocking);
  if (!blocker && run.firstFailure === undefined && !run.interrupted) return { action: 'run' };
  const cause = blocker ? blocker.cause : run.interrupted ? undefined : run.firstFailure;
  const reason = cause === undefined ? `${NOT_RUN}interrupted` : `${NOT_RUN}${cause} failed`;
  return { action: 'skip', reason, settlement: { status: 'skipped', blocking: true, cause } };
}
