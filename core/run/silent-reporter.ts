/** Draws nothing; keeps the events so tests (and --dry-run) can look at them. */
import type { RunEvent, RunReporter } from './reporter.js';

export interface SilentReporter extends RunReporter {
  readonly events: readonly RunEvent[];
}

export function silentReporter(): SilentReporter {
  const events: RunEvent[] = [];
  return {
    events,
    emit: (event) => void events.push(event),
    flush: async () => {},
  };
}
