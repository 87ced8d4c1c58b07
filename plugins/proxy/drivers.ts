/** The driver `proxy.driver` selects (kamal-proxy by default, as Kamal). */
import type { RunContext } from '../../core/graph/model.js';
import { caddyDriver } from './caddy/driver.js';
import type { ProxyDriver } from './driver.js';
import { kamalProxyDriver } from './kamal-proxy/driver.js';
import { proxyDriverName } from './settings.js';

export function driverFor(ctx: RunContext): ProxyDriver {
  return proxyDriverName(ctx) === 'caddy' ? caddyDriver : kamalProxyDriver;
}
