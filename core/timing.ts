/**
 * Start-up timing marks: with GANTRY_TIMING=1 each named moment prints once to stderr as
 * `<name> <ms> cpu <ms>`: wall-clock milliseconds since the process started (node's own boot
 * included), then the CPU time the process used so far (steadier on a loaded machine).
 */
import { performance } from 'node:perf_hooks';

const enabled = process.env.GANTRY_TIMING === '1';
const seen = new Set<string>();

export function mark(name: string): void {
  if (!enabled || seen.has(name)) return;
  seen.add(name);
  const { user, system } = process.cpuUsage();
  process.stderr.write(`${name} ${performance.now().toFixed(1)} cpu ${((user + system) / 1000).toFixed(1)}\n`);
}
