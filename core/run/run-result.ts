/** What a whole run produced. The CLI's exit code comes from here, never from listr2. */
import { CommandError } from '../errors.js';
import type { TaskOutcome } from './results.js';

/** A command (or upload) as it was, or in dry-run would have been, sent to a host. */
export interface RecordedCommand {
  /** The task instance that issued it. */
  key: string;
  host: string;
  /** The quoted shell string (toShell), redacted. */
  command: string;
}

/** 0, 1 for a failure, 130 after Ctrl-C, or the user's command's own code (passesExitCode graphs). */
export type ExitCode = number;

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

export function exitCodeFor(interrupted: boolean, failures: readonly TaskOutcome[], passesExitCode = false): ExitCode {
  if (interrupted) return 130;
  if (!failures.length) return 0;
  const error = failures[0]!.error;
  // A graph that runs the user's command answers with that command's code, as a shell would.
  if (passesExitCode && error instanceof CommandError && error.code !== null && error.code > 0) return error.code;
  return 1;
}
