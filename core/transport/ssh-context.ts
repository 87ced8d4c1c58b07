import { Semaphore } from './semaphore.js';
import { SshConnection } from './ssh-connection.js';
import { optionsForHost } from './ssh-host-options.js';
import { describeTarget, parseJumpSpec, type SshTarget } from './ssh-target.js';
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

  /**
   * A connection to `alias` (a host as the deploy config names it) with these options and its
   * OpenSSH config, through the jump host or proxy command when one is set.
   */
  connect(alias: string, options: SshOptions): SshConnection {
    const { host, options: resolved } = optionsForHost(alias, options);
    const target: SshTarget = { user: resolved.user, host, port: resolved.port, ...(host === alias ? {} : { alias }) };
    if (!resolved.proxy) return new SshConnection(target, resolved, this.startSlots);
    const jumpHost = this.jumpHost(resolved.proxy, options, resolved.user);
    const key = describeTarget(jumpHost.target);
    let jump = this.jumpConnections.get(key);
    if (!jump) {
      // The jump host is reached directly and checked like any host.
      jump = new SshConnection(jumpHost.target, jumpHost.options, this.startSlots);
      this.jumpConnections.set(key, jump);
    }
    return new SshConnection(target, resolved, this.startSlots, { target: jumpHost.target, connection: jump });
  }

  /**
   * The jump host `[user@]host[:port]`: what the spec gives wins, then the jump host's own OpenSSH
   * config, then the target's user and port 22. It is reached directly, never through a proxy.
   */
  private jumpHost(spec: string, options: SshOptions, targetUser: string): { target: SshTarget; options: SshOptions } {
    const { user, host: alias, port } = parseJumpSpec(spec);
    const base: SshOptions = { ...options, proxy: undefined, proxyCommand: undefined, user: user ?? targetUser, port: port ?? 22 };
    if (options.openSsh) {
      const inherited = options.openSsh.explicit.filter((key) => key !== 'user' && key !== 'port');
      const given: Array<keyof SshOptions> = [...(user === undefined ? [] : ['user' as const]), ...(port === undefined ? [] : ['port' as const])];
      base.openSsh = { config: options.openSsh.config, explicit: [...inherited, ...given, 'proxy'] };
    }
    const resolved = optionsForHost(alias, base);
    const target: SshTarget = { user: resolved.options.user, host: resolved.host, port: resolved.options.port, ...(resolved.host === alias ? {} : { alias }) };
    return { target, options: resolved.options };
  }

  /** Closes the jump host connections (close the connections through them first). */
  async close(): Promise<void> {
    const jumps = [...this.jumpConnections.values()];
    this.jumpConnections.clear();
    await Promise.all(jumps.map((jump) => jump.close()));
  }
}
