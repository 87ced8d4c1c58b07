/** Prints what a dry run recorded: per host, in order, the exact commands. */
import type { RunResult } from './run/scheduler.js';

export function printDryRun(result: RunResult): string {
  const byHost = new Map<string, string[]>();
  for (const { host, command } of result.commands) {
    const lines = byHost.get(host);
    if (lines) lines.push(command);
    else byHost.set(host, [command]);
  }
  if (!byHost.size) return 'dry run: no commands\n';
  // One list of pieces joined once: a 2,000-host run prints ≈70,000 lines.
  const pieces: string[] = [];
  for (const [host, commands] of byHost) {
    if (pieces.length) pieces.push('\n');
    pieces.push('# ', host, '\n');
    for (const command of commands) pieces.push('  ', command, '\n');
  }
  return pieces.join('');
}
