/**
 * The labels that route a role's containers through Traefik (docker provider). Router, service
 * and middleware names are the role's proxy service, `<service>-<role>[-<destination>]`, so
 * roles and destinations never share a router (as Kamal 1 named them).
 */
import { CERT_RESOLVER, HTTP_ENTRYPOINT, HTTPS_ENTRYPOINT } from './commands.js';

export interface TraefikRoute {
  /** Router, service and middleware name. */
  name: string;
  hosts: readonly string[];
  pathPrefixes: readonly string[];
  /** Default true, as kamal-proxy. */
  stripPathPrefix?: boolean;
  appPort: number;
  /** HTTPS with a Let's Encrypt certificate; HTTP then redirects unless sslRedirect is false. */
  ssl: boolean;
  sslRedirect?: boolean;
}

/** Gantry's own labels: which requests a route takes (`host/path`, `*` any host), to refuse a second claimant. */
export const ROUTER_LABEL = 'gantry.traefik.router';
export const CLAIMS_LABEL = 'gantry.traefik.claims';

/** `(Host(`a`) || Host(`b`)) && (PathPrefix(`/p`))`; no host and no path: every request. */
export function routerRule(hosts: readonly string[], pathPrefixes: readonly string[]): string {
  const any = (matcher: string, values: readonly string[]) => {
    const parts = values.map((value) => `${matcher}(\`${value}\`)`);
    return parts.length > 1 ? `(${parts.join(' || ')})` : parts[0];
  };
  const parts = [any('Host', hosts), any('PathPrefix', pathPrefixes)].filter((part): part is string => part !== undefined);
  return parts.length ? parts.join(' && ') : 'PathPrefix(`/`)';
}

/** `host/path` pairs the route takes. */
export function routeClaims(route: Pick<TraefikRoute, 'hosts' | 'pathPrefixes'>): string[] {
  const hosts = route.hosts.length ? route.hosts : ['*'];
  const paths = route.pathPrefixes.length ? route.pathPrefixes : ['/'];
  return hosts.flatMap((host) => paths.map((path) => `${host}${path}`));
}

export function routeLabels(route: TraefikRoute): Record<string, string> {
  const { name } = route;
  const router = `traefik.http.routers.${name}`;
  const rule = routerRule(route.hosts, route.pathPrefixes);
  const strip = route.pathPrefixes.length > 0 && route.stripPathPrefix !== false;
  const redirect = route.ssl && route.sslRedirect !== false;
  const labels: Record<string, string> = {
    'traefik.enable': 'true',
    [ROUTER_LABEL]: name,
    [CLAIMS_LABEL]: routeClaims(route).join(','),
    [`traefik.http.services.${name}.loadbalancer.server.port`]: String(route.appPort),
    [`${router}.rule`]: rule,
    [`${router}.entrypoints`]: route.ssl ? HTTPS_ENTRYPOINT : HTTP_ENTRYPOINT,
    [`${router}.service`]: name,
  };
  if (strip) {
    labels[`traefik.http.middlewares.${name}-strip.stripprefix.prefixes`] = route.pathPrefixes.join(',');
    labels[`${router}.middlewares`] = `${name}-strip`;
  }
  if (!route.ssl) return labels;
  labels[`${router}.tls.certresolver`] = CERT_RESOLVER;
  // Plain HTTP on the same rule: a redirect to HTTPS, or the app itself when ssl_redirect is false.
  const http = `traefik.http.routers.${name}-http`;
  labels[`${http}.rule`] = rule;
  labels[`${http}.entrypoints`] = HTTP_ENTRYPOINT;
  labels[`${http}.service`] = name;
  if (redirect) {
    labels[`traefik.http.middlewares.${name}-redirect.redirectscheme.scheme`] = 'https';
    labels[`traefik.http.middlewares.${name}-redirect.redirectscheme.permanent`] = 'true';
    labels[`${http}.middlewares`] = `${name}-redirect`;
  } else if (strip) {
    labels[`${http}.middlewares`] = `${name}-strip`;
  }
  return labels;
}
