/**
 * The proxy plugin's published module: routing a container that is not an app role (an
 * accessory with `proxy:`) through whichever proxy driver the config selects.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import { driverFor } from './drivers.js';
import { serviceRouteSettings, type RouteProxy } from './settings.js';

export type { RouteProxy } from './settings.js';

/** Routes `service` (the accessory's container name) to `target` once it answers its health check. */
export function routeService(env: TaskEnv, service: string, proxy: RouteProxy, target: string): Promise<void> {
  return driverFor(env.ctx).routeService(env, serviceRouteSettings(env.ctx, service, proxy), target);
}

export function removeServiceRoute(env: TaskEnv, service: string): Promise<void> {
  return driverFor(env.ctx).removeService(env, service);
}
