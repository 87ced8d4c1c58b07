/** Reads a --trace file and prints its critical path (`gantry trace summary FILE`). */
import { readFileSync } from 'node:fs';
import { GantryError } from '../../errors.js';
import type { TraceEvent } from './recorder.js';
import { criticalPath, formatCriticalPath } from './summary.js';

export function printTraceSummary(file: string): void {
  let events: TraceEvent[];
  try {
    events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  } catch (error) {
    throw new GantryError(`cannot read trace ${file}: ${(error as Error).message}`);
  }
  process.stdout.write(`${formatCriticalPath(criticalPath(events))}\n`);
}
