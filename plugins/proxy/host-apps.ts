/** Which apps live on a host: the directories under `<run>/apps` (Kamal's `proxy remove` check). */
import { posix } from 'node:path';
import { raw } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';

/** Prints one app directory name per line; nothing when there is no apps directory. */
export function listAppDirectories(runDir: string): Command {
  return ['ls', '-1', posix.join(runDir, 'apps'), raw('2> /dev/null')];
}

export function namesFromListing(stdout: string): string[] {
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}
