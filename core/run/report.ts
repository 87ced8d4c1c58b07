/**
 * The one report printed after a failed run: every failed task with its host, command and
 * stderr, together, plus how many dependents did not run. GantryErrors are the user's to act
 * on and print as messages; only unexpected errors (plugin bugs) carry a stack.
 */
import { CommandError, GantryError } from '../errors.js';
import { PluginError } from './plugin-error.js';
import type { TaskOutcome } from './results.js';
import { isNotRun, type RunResult } from './run-result.js';

/** Long stderr (a failed build) is cut to its end, where the cause usually is. */
const MAX_OUTPUT_LINES = 20;

export function formatFailureReport(result: RunResult): string {
  const summary = [headline(result), ...result.failures.map((f) => `  ${hostOf(f)} · ${f.title}: ${causeOf(f.error)}`)].join('\n');
  const sections = [summary, ...result.failures.map(describeFailure)];
  const cancelled = result.outcomes.filter((o) => o.status === 'cancelled');
  if (cancelled.length) sections.push(`Cancelled by the interrupt: ${cancelled.map(label).join(', ')}`);
  return sections.join('\n\n');
}

function headline(result: RunResult): string {
  const notRun = result.outcomes.filter(isNotRun).length;
  const parts: string[] = [];
  if (result.failures.length) {
    const hosts = [...new Set(result.failures.map(hostOf))];
    parts.push(`${count(result.failures.length, 'task')} failed on ${hosts.join(', ')}`);
  }
  if (notRun) parts.push(`${count(notRun, 'dependent task')} not run`);
  const verdict = result.interrupted ? 'Interrupted' : 'Failed';
  return parts.length ? `${verdict}: ${parts.join('; ')}.` : `${verdict}.`;
}

function describeFailure(outcome: TaskOutcome): string {
  return [`✖ ${label(outcome)}`, ...indent(explain(outcome.error), '  ')].join('\n');
}

/** One line: what a reader greps for first (the last stderr line is where a cause usually is). */
function causeOf(error: Error | undefined): string {
  if (error instanceof CommandError) {
    const last = (error.stderr.trim() || error.stdout.trim()).split('\n').pop();
    const code = error.code === null ? 'killed by a signal' : `exit code ${error.code}`;
    return last ? `${code}: ${last.trim()}` : code;
  }
  return error?.message.split('\n')[0] ?? 'failed without an error';
}

function explain(error: Error | undefined): string[] {
  if (error instanceof CommandError) return explainCommand(error);
  if (error instanceof GantryError) return error.message.split('\n');
  if (error instanceof PluginError) return [error.message, ...indent(stackOf(error.cause), '  ')];
  if (error) return [`unexpected error: ${error.message}`, ...indent(stackOf(error), '  ')];
  return ['failed without an error'];
}

function explainCommand(error: CommandError): string[] {
  const lines = [`$ ${error.command}`, error.code === null ? 'killed by a signal' : `exit code ${error.code}`];
  const [name, text] = error.stderr.trim() ? ['stderr', error.stderr] : ['stdout', error.stdout];
  if (text.trim()) lines.push(`${name}:`, ...indent(tail(text.trimEnd().split('\n')), '  '));
  return lines;
}

function tail(lines: string[]): string[] {
  if (lines.length <= MAX_OUTPUT_LINES) return lines;
  return [`… ${lines.length - MAX_OUTPUT_LINES} earlier line(s)`, ...lines.slice(-MAX_OUTPUT_LINES)];
}

function stackOf(error: Error): string[] {
  return (error.stack ?? `${error.name}: ${error.message}`).split('\n');
}

function label(outcome: TaskOutcome): string {
  return outcome.host ? `${outcome.title} · ${outcome.host.name}` : outcome.title;
}

function hostOf(outcome: TaskOutcome): string {
  return outcome.host?.name ?? 'local';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => (line ? prefix + line : line));
}
