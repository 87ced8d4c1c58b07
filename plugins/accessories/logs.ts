/**
 * `docker logs` of an accessory, with Kamal's log options. Kept apart so it can be routed
 * through the shared log reader (plugins/logs) once that exists.
 */
import { pipe, raw } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';

export interface AccessoryLogsOptions {
  /** `--tail N`; Kamal's default is 100, and 10 with --follow. */
  lines?: number;
  since?: string;
  /** Filters the lines through `grep` on the host. */
  grep?: string;
  follow?: boolean;
  /** Kamal prints timestamps unless told not to. */
  timestamps?: boolean;
}

export function accessoryLogs(container: string, opts: AccessoryLogsOptions = {}): Command {
  const logs: Command = [
    'docker',
    'logs',
    container,
    ...(opts.since === undefined ? [] : ['--since', opts.since]),
    '--tail',
    String(opts.lines ?? (opts.follow ? 10 : 100)),
    ...(opts.timestamps === false ? [] : ['--timestamps']),
    ...(opts.follow ? ['--follow'] : []),
    raw('2>&1'),
  ];
  return opts.grep === undefined ? logs : pipe(logs, ['grep', opts.grep]);
}
