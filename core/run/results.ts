import type { Host } from '../hosts.js';

export type TaskStatus = 'success' | 'failed' | 'skipped' | 'cancelled';

/** What happened to one task instance. The exit code comes from these, never from listr2. */
export interface TaskOutcome {
  key: string;
  nodeId: string;
  title: string;
  host?: Host;
  status: TaskStatus;
  /** Why it was skipped (a skip() reason, or "dependency failed"). */
  reason?: string;
  error?: Error;
  durationMs: number;
}
