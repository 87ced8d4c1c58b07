/**
 * Kamal's barrier: non-primary roles start their new containers only once a primary-role
 * container is healthy somewhere. The `app:barrier` node waits on it; the first healthy primary
 * container opens it, a primary failure (or any failure in the run) closes it. The first open()
 * or close() decides; later calls change nothing.
 */
import { AbortedError, GantryError } from '../../core/errors.js';
import type { RunContext } from '../../core/graph/model.js';

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

const barriers = new WeakMap<RunContext, Barrier>();

/** The run's barrier, created on first use. */
export function barrierOf(ctx: RunContext): Barrier {
  let barrier = barriers.get(ctx);
  if (!barrier) {
    barrier = new Barrier();
    barriers.set(ctx, barrier);
  }
  return barrier;
}
