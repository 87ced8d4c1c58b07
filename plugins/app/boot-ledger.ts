/**
 * What a run changed on each host while booting, so a failure or an interrupt can undo it: the
 * containers it started that have not yet taken over (stopped by the undo, also when `docker
 * run` never returned: the container is known by its deterministic name), and the roles whose
 * traffic or work already moved to the new container (rolled back with `boot.on_failure: rollback`).
 */

/** A role on a host whose new container took over from `from` (none on a first deploy). */
export interface Takeover {
  role: string;
  from?: string;
  to: string;
  /** Traffic moved through the proxy (rolled back through it too). */
  proxied: boolean;
}

export class BootLedger {
  private readonly booting = new Set<string>();
  private readonly started = new Map<string, Set<string>>();
  private readonly takeovers = new Map<string, Takeover[]>();
  /** Every boot group ended well: a later failure (prune, a hook) undoes nothing. */
  completed = false;

  /** The host's boot began: from here on the undo reports what runs there. */
  began(host: string): void {
    this.booting.add(host);
  }

  beganOn(host: string): boolean {
    return this.booting.has(host);
  }

  /** Before `docker run`: from here on the container may exist. */
  starting(host: string, container: string): void {
    this.entry(this.started, host, () => new Set()).add(container);
  }

  /** The container took over, or was stopped: nothing left to stop. */
  settled(host: string, container: string): void {
    this.started.get(host)?.delete(container);
  }

  tookOver(host: string, takeover: Takeover): void {
    this.settled(host, takeover.to);
    this.entry(this.takeovers, host, () => []).push(takeover);
  }

  /** Containers started on the host whose boot did not finish. */
  unsettled(host: string): string[] {
    return [...(this.started.get(host) ?? [])];
  }

  takeoversOn(host: string): readonly Takeover[] {
    return this.takeovers.get(host) ?? [];
  }

  private entry<T>(map: Map<string, T>, host: string, create: () => T): T {
    let value = map.get(host);
    if (value === undefined) map.set(host, (value = create()));
    return value;
  }
}
