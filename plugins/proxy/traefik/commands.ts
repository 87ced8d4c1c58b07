/**
 * The Traefik proxy container: one shared `gantry-traefik` per host on the `kamal` network,
 * configured by static flags only. Routes come from the app containers' labels (docker
 * provider, through the read-only Docker socket); the container's own labels carry the
 * catch-all router that answers 502 while no app container is routed.
 */
import { or, raw } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { containerDetails, labelArgs, NETWORK, optionArgs, type DockerOptions } from '../../docker/api.js';
import { proxyContainerRun, type PublishOptions } from '../publish.js';

export const TRAEFIK_CONTAINER = 'gantry-traefik';
export const DEFAULT_TRAEFIK_IMAGE = 'traefik:v3.3';
/** Entry points: `web` on 80 and `websecure` on 443 inside the container (published as configured). */
export const HTTP_ENTRYPOINT = 'web';
export const HTTPS_ENTRYPOINT = 'websecure';
export const CERT_RESOLVER = 'letsencrypt';
/** Traefik's API, bound to the container's loopback: only `docker exec` on the host reaches it. */
export const API_ADDRESS = '127.0.0.1:8080';
/** Tells Gantry's containers from others in `docker container prune`. */
export const TRAEFIK_LABEL = 'gantry.proxy=traefik';

export interface TraefikRunOptions extends PublishOptions {
  image?: string;
  metricsPort?: number;
  debug?: boolean;
  logMaxSize?: string;
  options?: DockerOptions;
  /** Extra static flags (`proxy.run.args`): `--key=value`, true a bare `--key`. */
  args?: Readonly<Record<string, string | number | boolean>>;
}

/** The lowest-priority router: any request no app router takes goes to a service with no server (502). */
export const CATCH_ALL_LABELS: Readonly<Record<string, string>> = {
  'traefik.enable': 'true',
  'traefik.http.routers.gantry-catchall.entrypoints': HTTP_ENTRYPOINT,
  'traefik.http.routers.gantry-catchall.rule': 'PathPrefix(`/`)',
  'traefik.http.routers.gantry-catchall.priority': '1',
  'traefik.http.routers.gantry-catchall.service': 'gantry-unavailable',
  'traefik.http.services.gantry-unavailable.loadbalancer.server.port': '0',
};

export function traefikStaticArgs(opts: Pick<TraefikRunOptions, 'metricsPort' | 'debug' | 'args'>): string[] {
  return [
    '--providers.docker=true',
    '--providers.docker.exposedbydefault=false',
    `--providers.docker.network=${NETWORK}`,
    `--entrypoints.${HTTP_ENTRYPOINT}.address=:80`,
    `--entrypoints.${HTTPS_ENTRYPOINT}.address=:443`,
    `--entrypoints.traefik.address=${API_ADDRESS}`,
    '--api=true',
    '--api.insecure=true',
    '--api.dashboard=false',
    `--certificatesresolvers.${CERT_RESOLVER}.acme.httpchallenge=true`,
    `--certificatesresolvers.${CERT_RESOLVER}.acme.httpchallenge.entrypoint=${HTTP_ENTRYPOINT}`,
    `--certificatesresolvers.${CERT_RESOLVER}.acme.storage=/letsencrypt/acme.json`,
    ...(opts.debug ? ['--log.level=DEBUG'] : []),
    ...(opts.metricsPort === undefined
      ? []
      : ['--metrics.prometheus=true', '--metrics.prometheus.entrypoint=metrics', `--entrypoints.metrics.address=:${opts.metricsPort}`]),
    ...Object.entries(opts.args ?? {}).map(([key, value]) => (value === true ? `--${key}` : `--${key}=${value}`)),
  ];
}

export function traefikRun(opts: TraefikRunOptions): Command {
  const volumes = ['--volume', '/var/run/docker.sock:/var/run/docker.sock:ro', '--volume', 'gantry-traefik-acme:/letsencrypt'];
  return [
    ...proxyContainerRun(TRAEFIK_CONTAINER, volumes, opts),
    ...labelArgs({ 'gantry.proxy': 'traefik', ...CATCH_ALL_LABELS }),
    ...(opts.metricsPort === undefined ? [] : [`--expose=${opts.metricsPort}`]),
    ...optionArgs(opts.options ?? {}),
    opts.image ?? DEFAULT_TRAEFIK_IMAGE,
    ...traefikStaticArgs(opts),
  ];
}

export function traefikStart(): Command {
  return ['docker', 'container', 'start', TRAEFIK_CONTAINER];
}

/** Starts the existing proxy, or runs a new one: a running proxy is never restarted. */
export function traefikStartOrRun(opts: TraefikRunOptions): Command {
  return or([...traefikStart(), raw('2> /dev/null')], traefikRun(opts));
}

export function traefikStop(): Command {
  return ['docker', 'container', 'stop', TRAEFIK_CONTAINER];
}

/** Removes the stopped proxy container (reboot, remove), by Gantry's label. */
export function traefikRemoveContainer(): Command {
  return ['docker', 'container', 'prune', '--force', '--filter', `label=${TRAEFIK_LABEL}`];
}

export function traefikDetails(): Command {
  return containerDetails(TRAEFIK_CONTAINER);
}
