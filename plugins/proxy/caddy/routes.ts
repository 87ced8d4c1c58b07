/**
 * Caddy JSON for Gantry's Caddy driver (see README-api.md): one route per app and server, each with
 * an `@id`, plus the host-wide frame the routes are assembled into. Pure data, no I/O.
 *
 * Two servers: `gantry_http` (:80) and `gantry_https` (:443, automatic HTTPS for the hosts of its
 * routes). A TLS app's proxy route goes on the HTTPS server and a redirect (or, without
 * redirect, a second proxy route) on the HTTP server; a plain app lives on the HTTP server only.
 */
import { withErrorPages } from './error-pages.js';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type CaddyRoute = { readonly [key: string]: Json };

export interface CaddyRouteOptions {
  /** containerPrefix(): `<service>-<role>[-<destination>]`, the app's proxy service name. */
  id: string;
  /** Empty: every host (a catch-all app). `*.example.com` wildcards allowed. */
  hosts: readonly string[];
  /** Empty: every path. */
  pathPrefixes: readonly string[];
  /** Remove the prefix before forwarding; default true, as kamal-proxy. */
  stripPathPrefix?: boolean;
  /** `<container name>:<app port>`, resolved by Docker's DNS on the `kamal` network. */
  upstream: string;
  /**
   * The upstream being replaced. It stays listed after the current one, which is always chosen
   * while healthy; listing it keeps Caddy's request counter for it alive across the reload, so
   * the drain wait of caddySwitchRoutes can see its in-flight requests finish.
   */
  previousUpstream?: string;
  healthcheck: { path: string; intervalSeconds: number; timeoutSeconds: number };
  responseTimeoutSeconds?: number;
  /** Keep the client's X-Forwarded-* headers (behind a load balancer), like kamal-proxy's --forward-headers. */
  forwardHeaders?: boolean;
  /** The deployed version's error pages inside the proxy container (see error-pages.ts). */
  errorPages?: string;
}

export interface CaddyAppOptions extends CaddyRouteOptions {
  tls: boolean;
  /** With tls: send HTTP to HTTPS (default true); false serves both. */
  tlsRedirect?: boolean;
}

/** An app's routes, ready to be stored on the proxy host under `fileName` (see caddySetRoutes). */
export interface CaddyAppRoutes {
  id: string;
  fileName: string;
  http?: CaddyRoute;
  https?: CaddyRoute;
}

/** Sentinels in the frame's route lists, replaced on the host by the stored routes. */
export const HTTP_ROUTES_SLOT = '@gantry:http-routes';
export const HTTPS_ROUTES_SLOT = '@gantry:https-routes';

export function caddyAppRoutes(opts: CaddyAppOptions): CaddyAppRoutes {
  const fileName = routeFileName(opts);
  if (!opts.tls) return { id: opts.id, fileName, http: caddyRoute(opts) };
  const onHttp = opts.tlsRedirect === false ? caddyRoute({ ...opts, id: httpRouteId(opts.id) }) : redirectRoute(opts);
  return { id: opts.id, fileName, http: onHttp, https: caddyRoute(opts) };
}

/** A reverse-proxy route: matched by host and path, prefix stripped, active health checks. */
export function caddyRoute(opts: CaddyRouteOptions): CaddyRoute {
  const prefixes = normalizedPrefixes(opts.pathPrefixes);
  const proxy = reverseProxy(opts);
  const strip = opts.stripPathPrefix !== false && prefixes.length > 0;
  const handle: Json[] = strip
    ? [{ handler: 'subroute', routes: [...longestFirst(prefixes).map(stripRoute), { handle: [proxy] }] }]
    : [proxy];
  return { '@id': opts.id, ...matchOf(opts.hosts, prefixes), handle: withErrorPages(handle, opts.errorPages), terminal: true };
}

/** HTTP → HTTPS for the app's hosts and paths, keeping the URI. */
function redirectRoute(opts: CaddyAppOptions): CaddyRoute {
  return {
    '@id': httpRouteId(opts.id),
    ...matchOf(opts.hosts, normalizedPrefixes(opts.pathPrefixes)),
    handle: [{ handler: 'static_response', status_code: 308, headers: { Location: ['https://{http.request.host}{http.request.uri}'] } }],
    terminal: true,
  };
}

// `@id`s are unique across the whole config; the HTTP twin of a TLS app gets its own.
function httpRouteId(id: string): string {
  return `${id}.http`;
}

function reverseProxy(opts: CaddyRouteOptions): Json {
  return {
    handler: 'reverse_proxy',
    upstreams: [opts.upstream, ...(opts.previousUpstream ? [opts.previousUpstream] : [])].map((dial) => ({ dial })),
    ...(opts.previousUpstream ? { load_balancing: { selection_policy: { policy: 'first' } } } : {}),
    health_checks: {
      active: {
        uri: opts.healthcheck.path,
        interval: `${opts.healthcheck.intervalSeconds}s`,
        timeout: `${opts.healthcheck.timeoutSeconds}s`,
      },
    },
    // Caddy otherwise replaces X-Forwarded-* unless the client is a trusted proxy; here every
    // client is, for this app only.
    ...(opts.forwardHeaders ? { trusted_proxies: ['0.0.0.0/0', '::/0'] } : {}),
    ...(opts.responseTimeoutSeconds === undefined
      ? {}
      : { transport: { protocol: 'http', response_header_timeout: `${opts.responseTimeoutSeconds}s` } }),
  };
}

// With `/api` and `/api/v2`, a request under `/api/v2` loses the longer prefix.
function longestFirst(prefixes: readonly string[]): string[] {
  return [...prefixes].sort((a, b) => b.length - a.length);
}

function stripRoute(prefix: string): Json {
  return { match: [{ path: pathPatterns(prefix) }], handle: [{ handler: 'rewrite', strip_path_prefix: prefix }] };
}

function matchOf(hosts: readonly string[], prefixes: readonly string[]): { match?: Json } {
  const matcher = {
    ...(hosts.length ? { host: [...hosts] } : {}),
    ...(prefixes.length ? { path: prefixes.flatMap(pathPatterns) } : {}),
  };
  return Object.keys(matcher).length ? { match: [matcher] } : {};
}

// A prefix matches itself and everything below it, never `/apiary` for `/api`.
function pathPatterns(prefix: string): string[] {
  return [prefix, `${prefix}/*`];
}

/** `api/` → `/api`; `/` means every path, so it is dropped. */
function normalizedPrefixes(prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => `/${prefix.replace(/^\/+|\/+$/g, '')}`).filter((prefix) => prefix !== '/');
}

/**
 * `<rank>~<id>.json`: the shell on the proxy host joins route files in name order, so the name
 * carries the priority: exact hosts before wildcard hosts before catch-alls, then longer path
 * prefixes before shorter ones. `~` cannot occur in an id, so the id is found again exactly.
 */
export function routeFileName(opts: Pick<CaddyRouteOptions, 'id' | 'hosts' | 'pathPrefixes'>): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(opts.id)) throw new Error(`Invalid proxy route id: ${JSON.stringify(opts.id)}`);
  const hostRank = opts.hosts.some((host) => !host.startsWith('*.')) ? 0 : opts.hosts.length ? 1 : 2;
  const longestPrefix = Math.max(0, ...normalizedPrefixes(opts.pathPrefixes).map((prefix) => prefix.length));
  const pathRank = String(9999 - Math.min(longestPrefix, 9999)).padStart(4, '0');
  return `${hostRank}-${pathRank}~${opts.id}.json`;
}

export interface CaddyFrameOptions {
  /** How long a config reload lets old connections finish (the drain timeout); default 30. */
  gracePeriodSeconds?: number;
  /**
   * Where apps' custom certificates are stored (PEM bundles, see caddySetRoutes). Caddy loads every
   * `*.pem` there at each reload, serves it by SNI and leaves its names out of automatic HTTPS.
   */
  certificatesFolder?: string;
}

/**
 * The host-wide config with the route slots, stored on the proxy host at boot. Unknown hosts and
 * paths get a 404, as with kamal-proxy; the trailing fallback route also keeps the assembled
 * JSON valid when no app is routed yet.
 */
export function caddyFrame(opts: CaddyFrameOptions = {}): string {
  const fallback = { handle: [{ handler: 'static_response', status_code: 404 }] };
  const frame = {
    admin: { listen: 'localhost:2019' },
    apps: {
      http: {
        grace_period: `${opts.gracePeriodSeconds ?? 30}s`,
        servers: {
          gantry_http: { listen: [':80'], routes: [HTTP_ROUTES_SLOT, fallback] },
          gantry_https: {
            listen: [':443'],
            // Redirects are per app (redirectRoute), so Caddy must not add its own.
            automatic_https: { disable_redirects: true },
            routes: [HTTPS_ROUTES_SLOT, fallback],
          },
        },
      },
      ...(opts.certificatesFolder ? { tls: { certificates: { load_folders: [opts.certificatesFolder] } } } : {}),
    },
  };
  return JSON.stringify(frame);
}
