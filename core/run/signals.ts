/**
 * Ctrl-C for a run (listr2 9 has no interrupt support, so its own handler stays off): the first
 * SIGINT/SIGTERM aborts the run's controller so running commands stop and cleanup (unlock) runs;
 * a second one exits at once with 130.
 */
import { AbortedError } from '../errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where stop signals arrive: the process, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

export interface InterruptOptions {
  source?: SignalSource;
  /** Tells the person what happens now; default stderr (stdout may be JSON). */
  notify?(message: string): void;
  /** The forced exit on the second signal. */
  exit?(code: number): void;
}

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];
export const INTERRUPT_NOTICE = 'interrupting: finishing cleanup, press Ctrl-C again to force';

export async function withInterruptHandling<T>(
  controller: AbortController,
  fn: () => Promise<T>,
  { source = process, notify = writeToStderr, exit = forceExit }: InterruptOptions = {},
): Promise<T> {
  let received = 0;
  const onSignal = (): void => {
    received++;
    if (received > 1) return exit(130);
    notify(INTERRUPT_NOTICE);
    controller.abort(new AbortedError());
  };
  for (const signal of STOP_SIGNALS) source.on(signal, onSignal);
  try {
    return await fn();
  } finally {
    for (const signal of STOP_SIGNALS) source.off(signal, onSignal);
  }
}

function writeToStderr(message: string): void {
  process.stderr.write(`\n${message}\n`);
}

function forceExit(code: number): void {
  // listr2's renderer hides the cursor and would have shown it again on a normal end.
  if (process.stdout.isTTY) process.stdout.write('\u001B[?25h');
  process.exit(code);
}
