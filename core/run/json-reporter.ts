/**
 * One JSON object per line on stdout (`--json`), for machines: `{ts, event, key, node, host, ...}`.
 * Human output goes nowhere then, so stdout stays parseable.
 */
import { CommandError } from '../errors.js';
import type { TaskOutcome } from './results.js';
import type { RunEvent, RunReporter, TaskRef, TextSink } from './reporter.js';

export interface JsonReporterOptions {
  out?: TextSink;
  clock?: () => Date;
}

type Json = Record<string, unknown>;

export function jsonReporter({ out = process.stdout, clock = () => new Date() }: JsonReporterOptions = {}): RunReporter {
  return {
    emit(event) {
      out.write(`${JSON.stringify({ ts: clock().toISOString(), event: event.type, ...fields(event) })}\n`);
    },
    flush: async () => {},
  };
}

function fields(event: RunEvent): Json {
  switch (event.type) {
    case 'run:start':
      return { graph: event.graph, tasks: event.tasks.length };
    case 'task:start':
      return task(event.task);
    case 'task:command':
      return { ...task(event.task), host: event.host, command: event.command };
    case 'task:output':
      return { ...task(event.task), line: event.line };
    case 'task:success':
    case 'task:skip':
    case 'task:fail':
    case 'task:cancel':
      return { ...task(event.task), ...outcome(event.outcome) };
    case 'log':
      return { message: event.message };
    case 'run:end': {
      const { ok, exitCode, interrupted, failures, outcomes } = event.result;
      const skipped = outcomes.filter((o) => o.status === 'skipped').length;
      return { graph: event.graph, ok, exitCode, interrupted, failed: failures.map((f) => f.key), skipped };
    }
  }
}

function task(ref: TaskRef): Json {
  return { key: ref.key, node: ref.nodeId, host: ref.host };
}

function outcome(o: TaskOutcome): Json {
  return { status: o.status, durationMs: o.durationMs, reason: o.reason, error: o.error && error(o.error) };
}

function error(e: Error): Json {
  if (e instanceof CommandError) {
    return { name: e.name, message: e.message, host: e.host, command: e.command, code: e.code, stderr: e.stderr };
  }
  return { name: e.name, message: e.message };
}
