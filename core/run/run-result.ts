/** What a whole run produced. The CLI's exit code comes from here, never from listr2. */
import type { TaskOutcome } from './results.js';

/** A command (or upload) as it was, or in dry-run would have been, sent to a host. */
export interface RecordedCommand {
  /** The task instance that issued it. */
  key: string;
  host: string;
  /** The quoted shell string (toShell), redacted. */
  command: string;
}

export type ExitCode = 0 | 1 | 130;

export interface RunResult {
  ok: boolean;
  /** One per instance, in graph instance order. */
  outcomes: TaskOutcome[];
  failures: TaskOutcome[];
  interrupted: boolean;
  exitCode: ExitCode;
  commands: RecordedCommand[];
}

/** Skip reasons of instances that did not run because something failed or was interrupted. */
export const NOT_RUN = 'not run: ';

export function isNotRun(outcome: TaskOutcome): boolean {
  return outcome.status === 'skipped' && (outcome.reason ?? '').startsWith(NOT_RUN);
}

export function exitCodeFor(interrupted: boolean, failures: readonly TaskOutcome[]): ExitCode {
  if (interrupted) return 130;
  return failures.length ? 1 : 0;
}
