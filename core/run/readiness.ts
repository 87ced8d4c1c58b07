/**
 * The failure policy: once an instance's dependencies are settled, does it run, get skipped,
 * or wait? Kept apart from the scheduler's bookkeeping so the rules read in one place.
 */
import type { TaskNode } from '../graph/model.js';
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

// Shared: decided once per instance, tens of thousands of times in a large run; never changed.
const RUN: Decision = Object.freeze({ action: 'run' });
const WAIT: Decision = Object.freeze({ action: 'wait' });

/**
 * For an instance of a node that runs `when`; `blocker`: the first of its dependencies (in the
 * order it names them) that settled blocking.
 */
export function decide(when: NonNullable<TaskNode['when']>, blocker: Settlement | undefined, run: RunState): Decision {
  switch (when) {
    case 'always':
      return RUN;
    case 'failure':
      if (run.firstFailure !== undefined || run.interrupted) return RUN;
      // A later failure elsewhere could still call for this node, so decide only at quiescence.
      if (!run.quiescent) return WAIT;
      return { action: 'skip', reason: 'runs only after a failure', settlement: { status: 'skipped', blocking: false } };
    case 'success':
      return decideSuccessNode(blocker, run);
  }
}

// Kamal's "wait for all threads": after the first failure no new success node starts, but the
// ones already running finish. A dependency skipped by its own skip() counts as done.
function decideSuccessNode(blocker: Settlement | undefined, run: RunState): Decision {
  if (!blocker && run.firstFailure === undefined && !run.interrupted) return RUN;
  const cause = blocker ? blocker.cause : run.interrupted ? undefined : run.firstFailure;
  const reason = cause === undefined ? `${NOT_RUN}interrupted` : `${NOT_RUN}${cause} failed`;
  return { action: 'skip', reason, settlement: { status: 'skipped', blocking: true, cause } };
}
