/**
 * Transports for --dry-run and `gantry graph`: any attempt to reach a host is a bug, so it
 * fails loudly instead of connecting.
 */
import { GantryError } from '../errors.js';
import type { Transport, TransportFactory } from './types.js';

function offlineTransport(host: string): Transport {
  const refuse = (): never => {
    throw new GantryError(`dry run: nothing may reach ${host}`);
  };
  return { host, exec: async () => refuse(), interactive: async () => refuse(), upload: async () => refuse(), close: async () => {} };
}

export function offlineTransports(): TransportFactory {
  return { forHost: offlineTransport, local: () => offlineTransport('localhost'), closeAll: async () => {} };
}
