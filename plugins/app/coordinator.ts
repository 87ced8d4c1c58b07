/**
 * Sequences rolling boot groups without graph edges: each host's `app:boot` waits at its
 * group's gate and reports when it ends; the `app:boot-groups` driver opens gate k, waits for
 * group k to end, runs the group hooks, and moves on. Any failure in the run halts it: gates not
 * yet opened reject, so later groups never boot and nobody waits forever for a skipped host.
 */
import { AbortedError, GantryError } from '../../core/errors.js';
import { Deferred, untilAborted } from './deferred.js';

export class BootCoordinator {
  private readonly gates: Deferred[];
  private readonly ends: Deferred[];
  private readonly pending: Set<string>[];
  private readonly failed: string[][];

  /** `gated: false` (dry run): hosts never wait, as a dry run has one task slot. */
  constructor(
    readonly groups: readonly (readonly string[])[],
    private readonly gated: boolean,
  ) {
    this.gates = groups.map(() => new Deferred());
    this.ends = groups.map(() => new Deferred());
    this.pending = groups.map((group) => new Set(group));
    this.failed = groups.map(() => []);
  }

  /** Host side: resolves when the host's group may boot. */
  async enter(host: string, signal: AbortSignal): Promise<void> {
    if (!this.gated) return;
    await untilAborted(this.gates[this.groupOf(host)]!.promise, signal, () => new AbortedError());
  }

  /** Host side: the host's boot ended; the group ends when all its hosts did. */
  leave(host: string, ok: boolean): void {
    const index = this.groupOf(host);
    const pending = this.pending[index]!;
    pending.delete(host);
    if (!ok) this.failed[index]!.push(host);
    if (pending.size) return;
    const failed = this.failed[index]!;
    if (failed.length) this.ends[index]!.reject(new GantryError(`boot group ${index + 1} failed on ${failed.join(', ')}`));
    else this.ends[index]!.resolve();
  }

  /** Driver side: lets group `index` boot. */
  open(index: number): void {
    this.gates[index]!.resolve();
  }

  /** Driver side: resolves when every host of group `index` booted; rejects when one failed or the run halted. */
  ended(index: number, signal: AbortSignal): Promise<void> {
    return untilAborted(this.ends[index]!.promise, signal, () => new AbortedError());
  }

  /** Something failed: hosts still waiting for their group give up (a settled gate stays as it was). */
  halt(reason: string): void {
    const error = new GantryError(`not booted: ${reason}`);
    for (const gate of this.gates) gate.reject(error);
    for (const end of this.ends) end.reject(error);
  }

  private groupOf(host: string): number {
    const index = this.groups.findIndex((group) => group.includes(host));
    if (index < 0) throw new GantryError(`host ${host} is in no boot group`);
    return index;
  }
}
