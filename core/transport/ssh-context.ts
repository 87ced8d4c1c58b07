import { Semaphore } from './semaphore.js';
import { SshConnection } from './ssh-connection.js';
import { describeTarget, parseJumpHost, type SshTarget } from './ssh-target.js';
import type { SshOptions } from './types.js';

/**
 * What SSH connections share: the limit on concurrent connection starts across all hosts, and the
 * connections to jump hosts (one per jump host, carrying the tunnels to every target behind it).
 */
export class SshContext {
  private readonly startSlots: Semaphore;
  private readonly jumpConnections = new Map<string, SshConnection>();

  constructor(maxConcurrentStarts: number) {
    this.startSlots = new Semaphore(maxConcurrentStarts);
  }

  /** A connection to `host` with these options, through the `proxy` jump host when one is set. */
  connect(host: string, options: SshOptions): SshConnection {
    const target: SshTarget = { user: options.user, host, port: options.port };
    if (!options.proxy) return new SshConnection(target, options, this.startSlots);
    const jumpTarget = parseJumpHost(options.proxy, options.user);
    const key = describeTarget(jumpTarget);
    let jump = this.jumpConnections.get(key);
    if (!jump) {
      // The jump host is reached directly and checked like any host.
      jump = new SshConnection(jumpTarget, { ...options, proxy: undefined, port: jumpTarget.port, user: jumpTarget.user }, this.startSlots);
      this.jumpConnections.set(key, jump);
    }
    return new SshConnection(target, options, this.startSlots, { target: jumpTarget, connection: jump });
  }

  /** Closes the jump host connections (close the connections through them first). */
  async close(): Promise<void> {
    const jumps = [...this.jumpConnections.values()];
    this.jumpConnections.clear();
    await Promise.all(jumps.map((jump) => jump.close()));
  }
}
