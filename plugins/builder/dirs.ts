/** Local directory argv for the clone cache (pure, like the other builders). */
import type { Command } from '../../core/transport/types.js';

export function makeDir(dir: string): Command {
  return ['mkdir', '-p', dir];
}

export function removeDir(dir: string): Command {
  return ['rm', '-rf', dir];
}
