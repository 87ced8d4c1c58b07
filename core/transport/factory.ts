import { LocalTransport } from './local.js';
import { SshContext } from './ssh-context.js';
import { SshTransport } from './ssh.js';
import type { SshOptions, Transport, TransportFactory } from './types.js';

/** Host names that always mean this machine. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

export function defaultSshOptions(): SshOptions {
  return {
    user: 'root',
    port: 22,
    keys: [],
    keyData: [],
    keysOnly: false,
    forwardAgent: false,
    hostKeyPolicy: 'accept-new',
    keepaliveMs: 30_000,
    readyTimeoutMs: 20_000,
    maxChannels: 8,
    maxConcurrentStarts: 30,
  };
}

export interface TransportFactoryOptions {
  ssh: SshOptions;
  localHosts?: string[];
  /**
   * The hosts the run will reach. When a command first asks for a remote host (so after any
   * pre-connect hook, which everything that reaches a host waits for), the connections to the
   * others open in the background instead of when their own first command comes.
   */
  reaches?: readonly string[];
}

/**
 * Transports by host: this machine's names (and `localHosts`) run locally, every other host gets
 * one pooled SshTransport, so each host has one connection for the whole run.
 */
export function createTransportFactory(opts: TransportFactoryOptions): TransportFactory {
  const local = new LocalTransport();
  const localNames = new Set([...LOCAL_NAMES, ...(opts.localHosts ?? [])]);
  const context = new SshContext(opts.ssh.maxConcurrentStarts);
  const remote = new Map<string, SshTransport>();
  const transportFor = (host: string): SshTransport => {
    let transport = remote.get(host);
    if (!transport) {
      transport = new SshTransport(host, opts.ssh, context);
      remote.set(host, transport);
    }
    return transport;
  };
  let warmed = false;
  return {
    forHost(host: string): Transport {
      if (localNames.has(host)) return local;
      if (!warmed) {
        warmed = true;
        for (const other of opts.reaches ?? []) if (other !== host && !localNames.has(other)) transportFor(other).warm();
      }
      return transportFor(host);
    },
    local: () => local,
    async closeAll(): Promise<void> {
      const transports = [...remote.values()];
      remote.clear();
      // Targets first: some may be tunnelled through the jump hosts the context closes.
      await Promise.all(transports.map((transport) => transport.close()));
      await context.close();
    },
  };
}
