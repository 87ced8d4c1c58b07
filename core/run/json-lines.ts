/**
 * With --json, stdout carries only JSON, one object per line: the reporter's events, and
 * these for everything else a command prints (results, dry-run commands, utility output).
 */
import type { RunResult } from './run-result.js';

export function jsonLine(event: string, fields: Record<string, unknown>, clock: () => Date = () => new Date()): string {
  return `${JSON.stringify({ ts: clock().toISOString(), event, ...fields })}\n`;
}

/** A dry run as JSON lines: one `command` event per recorded command, in order. */
export function dryRunJson(result: RunResult): string {
  return result.commands.map(({ host, command }) => jsonLine('command', { host, command })).join('');
}
