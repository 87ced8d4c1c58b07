/**
 * The log reader's argv: `docker logs` of one container (stderr folded in), optionally piped
 * through grep. Pure: nothing here runs anything.
 */
import { pipe, raw } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { splitCommandLine } from '../../core/command-line.js';

export interface LogQuery {
  follow?: boolean;
  /** Last N lines (`--tail`). */
  lines?: number;
  /** `--since`: a duration (`30m`) or a timestamp. */
  since?: string;
  grep?: string;
  /** Extra grep options, as typed (`-i -v`). */
  grepOptions?: string;
  timestamps?: boolean;
}

export function readLogs(container: string, query: LogQuery): Command {
  const logs: Command = [
    'docker',
    'logs',
    ...(query.timestamps ? ['--timestamps'] : []),
    ...(query.since === undefined ? [] : ['--since', query.since]),
    ...(query.lines === undefined ? [] : ['--tail', String(query.lines)]),
    ...(query.follow ? ['--follow'] : []),
    container,
    raw('2>&1'),
  ];
  if (query.grep === undefined) return logs;
  // Line-buffered, so a follow shows each matching line when it arrives; no match (grep's 1) is no error.
  return [...pipe(logs, ['grep', '--line-buffered', ...splitCommandLine(query.grepOptions ?? ''), '--', query.grep]), raw('|| [ $? -eq 1 ]')];
}
