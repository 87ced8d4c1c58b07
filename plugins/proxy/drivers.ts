/** The driver `proxy.driver` selects (kamal-proxy by default, as Kamal). */
import type { RunContext } from '../../core/graph/model.js';
import { caddyDriver } from './caddy/driver.js';
import type { ProxyDriver } from './driver.js';
import { kamalProxyDriver } from './kamal-proxy/driver.js';
import { proxyDriverName, type ProxyDriverName } from './settings.js';
import { traefikDriver } from './traefik/driver.js';

const DRIVERS: Readonly<Record<ProxyDriverName, ProxyDriver>> = {
  'kamal-proxy': kamalProxyDriver,
  caddy: caddyDriver,
  traefik: traefikDriver,
};

export function driverFor(ctx: RunContext): ProxyDriver {
  return DRIVERS[proxyDriverName(ctx)];
}
