/**
 * Kamal's barrier: non-primary roles start their new containers only once a primary-role
 * container is healthy somewhere. The `app:barrier` node waits on it; the first healthy primary
 * container opens it, a primary failure (or any failure in the run) closes it. The first open()
 * or close() decides; later calls change nothing.
 */
import { AbortedError, GantryError } from '../../core/errors.js';
import type { RunContext } from '../../core/graph/model.js';
import { BootLedger } from './boot-ledger.js';
import { traceSpan } from '../../core/run/trace/recorder.js';

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

/** A run's boot state: the barrier, the ledger of what the boots changed, and why the rollout stopped. */
export interface BootRun {
  barrier: Barrier;
  ledger: BootLedger;
  /** A task failed: boots not yet switched must not switch (no mixed versions). */
  halted?: string;
}

const runs = new WeakMap<RunContext, BootRun>();

/** The run's boot state, created on first use. */
export function bootRun(ctx: RunContext): BootRun {
  let run = runs.get(ctx);
  if (!run) {
    run = { barrier: new Barrier(), ledger: new BootLedger() };
    runs.set(ctx, run);
  }
  return run;
}

export function barrierOf(ctx: RunContext): Barrier {
  return bootRun(ctx).barrier;
}

/** A task failed somewhere: the barrier closes and no boot switches any more. */
export function haltBoot(ctx: RunContext, reason: string): void {
  const run = bootRun(ctx);
  run.halted ??= reason;
  run.barrier.close(reason);
}
