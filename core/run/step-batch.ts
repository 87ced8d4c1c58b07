/**
 * Runs the commands of several step nodes (TaskNode.commands) on one host in one round trip,
 * then hands each node its own commands' output and exit codes, so each reports and fails as if
 * it had run alone. The scheduler decides which nodes go together (see scheduler.ts).
 */
import { AbortedError, CommandError } from '../errors.js';
import type { Host } from '../hosts.js';
import type { EngineHooks } from '../hooks.js';
import { toShell } from '../transport/quote.js';
import type { Command, ExecResult, Transport } from '../transport/types.js';
import type { TaskChannel } from './task-env.js';
import { traceSpan } from './trace/recorder.js';

export interface BatchStep {
  commands: readonly Command[];
  channel: TaskChannel;
}

export interface StepBatchDeps {
  host: Host;
  transport(): Transport;
  hooks: EngineHooks;
  redact(text: string): string;
  dryRun: boolean;
  signal: AbortSignal;
}

/** Per step: whether its commands ran (a step after a failed one does not), and how it failed. */
export type StepVerdict = { ran: true; error?: Error } | { ran: false };

/** Rejects only with AbortedError (the run was interrupted); every other failure is a step's. */
export async function runStepBatch(steps: readonly BatchStep[], deps: StepBatchDeps): Promise<StepVerdict[]> {
  const { host, redact } = deps;
  const wrapped = steps.map((step) => step.commands.map((cmd) => deps.hooks.command.call(cmd, host)));
  const shown = wrapped.map((cmds, index) => cmds.map((cmd) => {
    const text = redact(toShell(cmd));
    steps[index]!.channel.command(host.name, text);
    return text;
  }));
  if (deps.dryRun) return steps.map(() => ({ ran: true }));
  if (deps.signal.aborted) throw new AbortedError();

  let results: ExecResult[];
  try {
    results = await traceSpan('command', shown.flat().join(' ; '), () => deps.transport().execSteps(wrapped.flat(), { signal: deps.signal }));
  } catch (thrown) {
    if (deps.signal.aborted) throw new AbortedError();
    // Nothing is known about any single step: the first one carries the error, the rest did not run.
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    return steps.map((_, index) => (index === 0 ? { ran: true, error } : { ran: false }));
  }

  const verdicts: StepVerdict[] = [];
  let next = 0;
  let stopped = false;
  steps.forEach((step, index) => {
    if (stopped) return verdicts.push({ ran: false });
    for (const text of shown[index]!) {
      const result = results[next++];
      // No result: the script ended before this command (the one before it failed or was killed).
      if (!result) {
        stopped = true;
        return verdicts.push({ ran: false });
      }
      showOutput(result, step.channel, redact);
      if (result.code === 0) continue;
      if (result.code === null && deps.signal.aborted) throw new AbortedError();
      stopped = true;
      return verdicts.push({ ran: true, error: new CommandError(host.name, text, result.code, redact(result.stderr), redact(result.stdout)) });
    }
    return verdicts.push({ ran: true });
  });
  return verdicts;
}

function showOutput(result: ExecResult, channel: TaskChannel, redact: (text: string) => string): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (!result[stream]) continue;
    for (const line of redact(result[stream]).replace(/\r?\n$/, '').split(/\r?\n/)) channel.output(line);
  }
}
