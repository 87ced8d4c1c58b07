/** Prints what a dry run recorded: per host, in order, the exact commands. */
import type { RunResult } from './run/scheduler.js';

/** About this many characters go to `write` at a time. */
const CHUNK = 1 << 16;

/**
 * Writes the printout in pieces of about 64 KB, not as one string: a 2,000-host run prints
 * ≈70,000 lines (6 MB), which as one string was built from ≈280,000 pieces and then copied again
 * to be written.
 */
export function writeDryRun(result: RunResult, write: (text: string) => void): void {
  const { commands } = result;
  const byHost = new Map<string, string[]>();
  for (let c = 0; c < commands.length; c++) {
    const { host, command } = commands[c]!;
    const lines = byHost.get(host);
    if (lines) lines.push(command);
    else byHost.set(host, [command]);
  }
  if (!byHost.size) return write('dry run: no commands\n');
  let pieces: string[] = [];
  let size = 0;
  for (const [host, lines] of byHost) {
    if (size) pieces.push('\n');
    pieces.push('# ', host, '\n');
    size += host.length + 4;
    for (let l = 0; l < lines.length; l++) {
      pieces.push('  ', lines[l]!, '\n');
      size += lines[l]!.length + 3;
    }
    if (size >= CHUNK) {
      write(pieces.join(''));
      // The next host's blank line still goes first.
      pieces = [];
      size = 1;
    }
  }
  if (pieces.length) write(pieces.join(''));
}

export function printDryRun(result: RunResult): string {
  const chunks: string[] = [];
  writeDryRun(result, (text) => void chunks.push(text));
  return chunks.join('');
}
