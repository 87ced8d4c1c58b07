import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~` and `~/x` as the shell would expand them for the current user; other paths unchanged. */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}
