/** The Traefik driver's view of the shared proxy settings: run options, a role's route, its cords. */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { RunContext } from '../../../core/graph/model.js';
import { appDirectory, appScope, runDirectory } from '../../app/api.js';
import { DEFAULT_HEALTHCHECK, proxyRunConfig, sharedRunOptions, type RouteSettings } from '../settings.js';
import { DEFAULT_TRAEFIK_IMAGE, type TraefikRunOptions } from './commands.js';
import { cordsRoot, type CordHealth } from './cord.js';
import type { TraefikRoute } from './labels.js';

export function traefikRunOptions(ctx: RunContext): TraefikRunOptions {
  const run = proxyRunConfig(ctx);
  return { ...sharedRunOptions(ctx), image: traefikImage(run), metricsPort: run.metrics_port, debug: run.debug, args: run.args };
}

/** `proxy.run.registry/repository/version` over the default `traefik:v3.3`. */
export function traefikImage(opts: { registry?: string; repository?: string; version?: string }): string {
  const [defaultRepository, defaultVersion] = DEFAULT_TRAEFIK_IMAGE.split(':') as [string, string];
  const repository = [opts.registry, opts.repository ?? defaultRepository].filter(Boolean).join('/');
  return `${repository}:${opts.version ?? defaultVersion}`;
}

export function traefikRoute(settings: RouteSettings): TraefikRoute {
  return {
    name: settings.service,
    hosts: settings.hosts,
    pathPrefixes: settings.pathPrefixes,
    stripPathPrefix: settings.stripPathPrefix,
    appPort: settings.appPort,
    ssl: settings.ssl,
    sslRedirect: settings.sslRedirect,
  };
}

export function cordHealth(settings: RouteSettings): CordHealth {
  return {
    appPort: settings.appPort,
    path: settings.healthcheck.path ?? DEFAULT_HEALTHCHECK.path,
    intervalSeconds: settings.healthcheck.interval ?? DEFAULT_HEALTHCHECK.interval,
    timeoutSeconds: settings.healthcheck.timeout ?? DEFAULT_HEALTHCHECK.timeout,
  };
}

/** `<run>/apps/<service>[-<dest>]/cords`. */
export function appCordsRoot(ctx: RunContext): string {
  return cordsRoot(appDirectory(runDirectory(ctx), appScope(ctx)));
}

/** `<cords root>/<route name>`: the cords of one role, so a role's route can be cut as a whole. */
export function routeCords(ctx: RunContext, route: string): string {
  return posix.join(appCordsRoot(ctx), route);
}

/** A new container's cord directory; the random part keeps a redeployed version's apart. */
export function newCordDirectory(ctx: RunContext, route: string, container: string): string {
  return posix.join(routeCords(ctx, route), `${container}-${randomBytes(6).toString('hex')}`);
}
