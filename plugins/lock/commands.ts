/**
 * The deploy lock: a directory `<run>/lock-<service>[-<destination>]` on the primary host, taken
 * with an atomic `mkdir` (it fails when the directory exists). Its `details` file says who holds
 * it; the text is base64 so a message with quotes, `$` or newlines is stored byte for byte, and
 * the base64 alphabet needs no quoting on any shell.
 */
import { posix } from 'node:path';
import { and, pipe, raw } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { serviceAndDestination, type AppScope } from '../app/api.js';

export interface LockDetails {
  /** git user.name of the deployer. */
  who: string;
  /** ISO 8601 time the lock was taken. */
  at: string;
  version: string;
  message: string;
}

export function lockDirectory(runDir: string, scope: AppScope): string {
  return posix.join(runDir, `lock-${serviceAndDestination(scope)}`);
}

/** The text stored in the lock, as Kamal writes it. */
export function lockDetails(details: LockDetails): string {
  return `Locked by: ${details.who} at ${details.at}\nVersion: ${details.version}\nMessage: ${details.message}`;
}

/** Fails, leaving the lock alone, when someone else holds it. */
export function acquireLock(runDir: string, scope: AppScope, details: LockDetails): Command {
  const dir = lockDirectory(runDir, scope);
  const encoded = Buffer.from(lockDetails(details), 'utf8').toString('base64');
  return and(['mkdir', '-p', runDir], ['mkdir', dir], ['echo', encoded, raw('>'), detailsFile(dir)]);
}

/** Prints the holder's details; fails, silently, when nobody holds the lock. */
export function lockStatus(runDir: string, scope: AppScope): Command {
  const dir = lockDirectory(runDir, scope);
  // `test -d`, not `stat`: no lock is the normal answer, not a "cannot statx" line in the output.
  return and(['test', '-d', dir], pipe(['cat', detailsFile(dir)], ['base64', '-d']));
}

export function releaseLock(runDir: string, scope: AppScope): Command {
  return ['rm', '-r', lockDirectory(runDir, scope)];
}

function detailsFile(dir: string): string {
  return posix.join(dir, 'details');
}
