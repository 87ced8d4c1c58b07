/**
 * The proxy plugin's published module: its hook table, and the driver interface a proxy
 * driver implements (kamal-proxy, Caddy).
 */
import { AsyncSeriesHook } from 'tapable';
import type { Engine } from '../../core/engine.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { attributeTaps } from '../../core/plugin-hooks.js';
import { driverFor } from './drivers.js';
import { serviceRouteSettings, type RouteProxy } from './settings.js';

export const PROXY_PLUGIN = 'proxy';

/** `proxy reboot` is about to reboot (`pre`) or has rebooted (`post`) the proxy on `hosts`. */
export interface ProxyRebootEvent {
  phase: 'pre' | 'post';
  hosts: readonly string[];
}

export interface ProxyHooks {
  /** Around each group of `proxy reboot`, run locally (the hooks plugin runs pre/post-proxy-reboot). */
  reboot: AsyncSeriesHook<[TaskEnv, ProxyRebootEvent]>;
}

const tables = new WeakMap<Engine, ProxyHooks>();

export function getProxyHooks(engine: Engine): ProxyHooks {
  let hooks = tables.get(engine);
  if (!hooks) {
    hooks = attributeTaps({ reboot: new AsyncSeriesHook<[TaskEnv, ProxyRebootEvent]>(['env', 'event']) }, PROXY_PLUGIN);
    tables.set(engine, hooks);
  }
  return hooks;
}

export type { ProxyDriver } from './driver.js';

// Routing a container that is not an app role (an accessory with `proxy:`) through the configured driver.
export type { RouteProxy } from './settings.js';

/** Routes `service` (the accessory's container name) to `target` once it answers its health check. */
export function routeService(env: TaskEnv, service: string, proxy: RouteProxy, target: string): Promise<void> {
  return driverFor(env.ctx).routeService(env, serviceRouteSettings(env.ctx, service, proxy), target);
}

export function removeServiceRoute(env: TaskEnv, service: string): Promise<void> {
  return driverFor(env.ctx).removeService(env, service);
}
