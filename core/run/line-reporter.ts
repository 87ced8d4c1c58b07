/**
 * One timestamped line per event, for CI logs and pipes where a redrawn tree would be garbage:
 *
 *   12:00:01.234 ▶ start pull · h1
 *   12:00:01.240   h1 $ docker pull app:1
 *   12:00:01.300     h1 │ 1: Pulling from app
 *   12:00:01.650 ✔ pull · h1 0.41s
 */
import { seconds, taskLabel } from './labels.js';
import type { RunEvent, RunReporter, TextSink } from './reporter.js';
import type { RunResult } from './run-result.js';

export interface LineReporterOptions {
  /** Default: stdout, the stream people read (with --json, the JSON reporter owns stdout instead). */
  out?: TextSink;
  clock?: () => Date;
}

export function lineReporter({ out = process.stdout, clock = () => new Date() }: LineReporterOptions = {}): RunReporter {
  let runStarted = 0;
  const write = (text: string): void => {
    const stamp = timestamp(clock());
    out.write(text.split('\n').map((line) => `${stamp} ${line}\n`).join(''));
  };
  return {
    emit(event) {
      if (event.type === 'run:start') runStarted = clock().getTime();
      const text = describe(event, () => clock().getTime() - runStarted);
      if (text !== undefined) write(text);
    },
    flush: async () => {},
  };
}

function describe(event: RunEvent, elapsed: () => number): string | undefined {
  switch (event.type) {
    case 'run:start':
      return `▶ ${event.graph}: ${event.tasks.length} task(s)`;
    case 'task:start':
      return `▶ start ${taskLabel(event.task)}`;
    case 'task:command':
      return `  ${event.host} $ ${event.command}`;
    case 'task:output':
      return `    ${event.task.host ?? 'localhost'} │ ${event.line}`;
    case 'task:success':
      return `✔ ${taskLabel(event.task)} ${seconds(event.outcome.durationMs)}`;
    case 'task:skip':
      return `↷ skipped ${taskLabel(event.task)} (${event.outcome.reason})`;
    case 'task:fail':
      return `✖ ${taskLabel(event.task)} ${seconds(event.outcome.durationMs)}\n${indent(event.outcome.error?.message ?? 'failed')}`;
    case 'task:cancel':
      return `⊘ cancelled ${taskLabel(event.task)} (${event.outcome.reason})`;
    case 'log':
      return `ℹ ${event.message}`;
    case 'run:end':
      return `${runVerdict(event.graph, event.result)} in ${seconds(elapsed())}`;
  }
}

function runVerdict(graph: string, result: RunResult): string {
  if (result.interrupted) return `⊘ ${graph} interrupted`;
  if (!result.ok) return `✖ ${graph} failed (${result.failures.length} task(s))`;
  return `✔ ${graph} done`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Local wall-clock time with milliseconds: `12:00:01.234`. */
function timestamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
