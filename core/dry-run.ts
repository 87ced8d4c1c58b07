/** Prints what a dry run recorded: per host, in order, the exact commands. */
import type { RunResult } from './run/scheduler.js';

export function printDryRun(result: RunResult): string {
  const byHost = new Map<string, string[]>();
  for (const { host, command } of result.commands) {
    const lines = byHost.get(host) ?? [];
    lines.push(command);
    byHost.set(host, lines);
  }
  if (!byHost.size) return 'dry run: no commands\n';
  return [...byHost].map(([host, commands]) => `# ${host}\n${commands.map((c) => `  ${c}`).join('\n')}\n`).join('\n');
}
