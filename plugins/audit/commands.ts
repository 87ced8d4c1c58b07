/**
 * The audit log each host keeps: `<run>/<service>[-<destination>]-audit.log`, one line per
 * action, `[<time>] [<performer>] [<destination>] [<role>] message` (absent tags are left out).
 */
import { posix } from 'node:path';
import { and, raw } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { serviceAndDestination, type AppScope } from '../app/api.js';

export interface AuditEntry {
  /** ISO 8601. */
  at: string;
  /** git user.email, or the local user name. */
  performer: string;
  destination?: string;
  role?: string;
  message: string;
}

export function auditLogPath(runDir: string, scope: AppScope): string {
  return posix.join(runDir, `${serviceAndDestination(scope)}-audit.log`);
}

/** One log line; line breaks in the message become spaces so an entry stays one line. */
export function auditLine(entry: AuditEntry): string {
  const tags = [entry.at, entry.performer, entry.destination, entry.role].filter((tag): tag is string => Boolean(tag));
  return `${tags.map((tag) => `[${tag}]`).join(' ')} ${entry.message.replace(/\r?\n/g, ' ')}`;
}

/**
 * Appends the line. `printf '%s\n'` rather than echo: some shells' echo turns backslashes in the
 * message into escapes or reads a leading `-n` as an option.
 */
export function recordAudit(runDir: string, scope: AppScope, line: string): Command {
  return and(['mkdir', '-p', runDir], ['printf', '%s\\n', line, raw('>>'), auditLogPath(runDir, scope)]);
}

export function revealAudit(runDir: string, scope: AppScope, lines = 50): Command {
  return ['tail', '-n', String(lines), auditLogPath(runDir, scope)];
}
