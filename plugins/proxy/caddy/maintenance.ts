/**
 * Maintenance routes for the Caddy driver: the app's routes replaced by a static 503 (with the
 * message), under the same ids and file name, so `app live` or the next deploy replaces them.
 */
import { withErrorPages } from './error-pages.js';
import { routeFileName, type CaddyAppRoutes, type CaddyRoute } from './routes.js';

export const DEFAULT_MAINTENANCE_MESSAGE = 'Service temporarily unavailable';

export interface MaintenanceRouteOptions {
  id: string;
  hosts: readonly string[];
  pathPrefixes: readonly string[];
  tls: boolean;
  message?: string;
  /** The deployed version's error pages: their 503.html replaces the plain message. */
  errorPages?: string;
}

export function maintenanceRoutes(opts: MaintenanceRouteOptions): CaddyAppRoutes {
  const fileName = routeFileName(opts);
  const message = `${opts.message ?? DEFAULT_MAINTENANCE_MESSAGE}\n`;
  const plain = {
    handler: 'static_response',
    status_code: 503,
    headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Retry-After': ['30'] },
    body: message,
  };
  // With pages, a 503 error the pages answer (503.html), the plain message when there is none.
  const handle = opts.errorPages
    ? withErrorPages([{ handler: 'error', status_code: 503, error: message }], opts.errorPages, [{ handle: [plain] }])
    : [plain];
  const route = (id: string): CaddyRoute => ({ '@id': id, ...matcher(opts), handle, terminal: true });
  // The ids follow caddyAppRoutes: a TLS app's HTTP twin is `<id>.http`.
  return opts.tls ? { id: opts.id, fileName, http: route(`${opts.id}.http`), https: route(opts.id) } : { id: opts.id, fileName, http: route(opts.id) };
}

function matcher(opts: MaintenanceRouteOptions): { match?: CaddyRoute[] } {
  const prefixes = opts.pathPrefixes.map((p) => `/${p.replace(/^\/+|\/+$/g, '')}`).filter((p) => p !== '/');
  const match = {
    ...(opts.hosts.length ? { host: [...opts.hosts] } : {}),
    ...(prefixes.length ? { path: prefixes.flatMap((p) => [p, `${p}/*`]) } : {}),
  };
  return Object.keys(match).length ? { match: [match] } : {};
}
