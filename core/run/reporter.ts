/**
 * The scheduler's events, in the order they happen, and the interface every renderer
 * implements. Every string in an event has already been redacted.
 */
import { jsonReporter } from './json-reporter.js';
import { lineReporter } from './line-reporter.js';
import type { TaskOutcome } from './results.js';
import type { RunResult } from './run-result.js';

export { discardingReporter, silentReporter, type SilentReporter } from './silent-reporter.js';

/** A task instance as renderers show it (anchors are never shown). */
export interface TaskRef {
  key: string;
  nodeId: string;
  /** The node's title (or id). */
  title: string;
  /** Host name; absent for local tasks. */
  host?: string;
}

export type TaskEndEvent = 'task:success' | 'task:skip' | 'task:fail' | 'task:cancel';

export type RunEvent =
  | { type: 'run:start'; graph: string; tasks: readonly TaskRef[] }
  | { type: 'task:start'; task: TaskRef }
  | { type: 'task:command'; task: TaskRef; host: string; command: string }
  | { type: 'task:output'; task: TaskRef; line: string }
  | { type: TaskEndEvent; task: TaskRef; outcome: TaskOutcome }
  | { type: 'log'; message: string }
  | { type: 'run:end'; graph: string; result: RunResult };

export interface RunReporter {
  /** Called synchronously, in event order. */
  emit(event: RunEvent): void;
  /** Resolves once everything is drawn (called after 'run:end'). */
  flush(): Promise<void>;
}

/** Where line-oriented reporters write (process.stdout, or a collector in tests). */
export interface TextSink {
  write(text: string): unknown;
}

export interface ReporterChoice {
  /** --json: JSON lines on stdout and no human output. */
  json?: boolean;
  /** stdout is a terminal. */
  tty?: boolean;
  /** The CI environment variable is set. */
  ci?: boolean;
  /** --verbose: keep every line (the line reporter) even on a terminal. */
  verbose?: boolean;
}

export type ReporterKind = 'json' | 'listr' | 'lines';

/** --json → JSON lines; a terminal outside CI → the listr2 tree; anything else → timestamped lines. */
export function reporterKind({ json, tty, ci, verbose }: ReporterChoice): ReporterKind {
  if (json) return 'json';
  return tty && !ci && !verbose ? 'listr' : 'lines';
}

/** The listr2 tree loads only for a terminal: it is the heaviest renderer to import. */
export async function chooseReporter(choice: ReporterChoice): Promise<RunReporter> {
  switch (reporterKind(choice)) {
    case 'json':
      return jsonReporter();
    case 'listr':
      return (await import('./listr-reporter.js')).listrReporter();
    case 'lines':
      return lineReporter();
  }
}
