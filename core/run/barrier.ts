/**
 * A one-shot gate between task instances without extra graph edges (Kamal's barrier: other
 * roles boot only after the first primary host booted healthy). The first open() or close()
 * decides; later calls change nothing.
 */
import { AbortedError, GantryError } from '../errors.js';
import { traceSpan } from './trace/recorder.js';

export type BarrierState = 'waiting' | 'open' | 'closed';

export class Barrier {
  private current: BarrierState = 'waiting';
  private readonly gate: Promise<void>;
  private release!: () => void;
  private refuse!: (error: Error) => void;

  constructor() {
    this.gate = new Promise<void>((resolve, reject) => {
      this.release = resolve;
      this.refuse = reject;
    });
    // Closing with nobody waiting is normal; only callers of wait() should see the rejection.
    this.gate.catch(() => undefined);
  }

  get state(): BarrierState {
    return this.current;
  }

  /** Resolves when opened; rejects when closed, or with AbortedError when `signal` aborts first. */
  wait(signal?: AbortSignal): Promise<void> {
    return traceSpan('wait', 'barrier', () => this.waitUntilDecided(signal));
  }

  private waitUntilDecided(signal?: AbortSignal): Promise<void> {
    if (!signal) return this.gate;
    if (signal.aborted) return Promise.reject(new AbortedError());
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new AbortedError());
      signal.addEventListener('abort', onAbort, { once: true });
      this.gate.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  open(): void {
    if (this.current !== 'waiting') return;
    this.current = 'open';
    this.release();
  }

  close(reason: string): void {
    if (this.current !== 'waiting') return;
    this.current = 'closed';
    this.refuse(new GantryError(`halted at barrier: ${reason}`));
  }
}
