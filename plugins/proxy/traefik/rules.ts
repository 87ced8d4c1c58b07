/**
 * Config the Traefik driver cannot carry out is refused up front, positioned (the engine's
 * validateConfig hook), never accepted and ignored: options only kamal-proxy or Caddy implement,
 * accessories behind the proxy (Traefik routes by labels given at `docker run`), and characters
 * that would break a router rule. `proxy.run.args` belongs to Traefik alone.
 */
import { childPointer } from '../../../core/config/positions.js';
import type { ConfigIssue } from '../../../core/config/types.js';
import type { GantryConfig } from '../../../schemas/index.js';
import { traefikStaticArgs } from './commands.js';

type RouteHash = Partial<Record<string, unknown>> & { host?: string; hosts?: readonly string[]; path_prefix?: string; path_prefixes?: readonly string[] };

/** Why each unsupported key is refused; `forward_headers` only when true, `ssl` only with custom certificates. */
const UNSUPPORTED: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  response_timeout: () => 'Traefik has no per-route response timeout; remove it (or use proxy.driver kamal-proxy or caddy)',
  buffering: () => 'request/response buffering is a kamal-proxy option; remove it with proxy.driver traefik',
  logging: () => 'header logging is a kamal-proxy option; Traefik logs through its access log (proxy.run.args)',
  forward_headers: (value) =>
    value === true ? 'Traefik trusts X-Forwarded-* per entry point: set proxy.run.args entrypoints.web.forwardedheaders.trustedips instead' : undefined,
  ssl: (value) => (typeof value === 'object' && value !== null ? 'custom certificates are not supported by the traefik driver; use ssl: true' : undefined),
};

export function traefikRules(config: GantryConfig, issues: ConfigIssue[]): void {
  const proxy = config.proxy;
  if ((proxy?.driver ?? 'kamal-proxy') !== 'traefik') {
    if (proxy?.run?.args) issues.push({ pointer: '/proxy/run/args', message: 'args are Traefik static options: set proxy.driver: traefik, or remove them' });
    return;
  }
  for (const [pointer, hash] of routeHashes(config)) issues.push(...routeIssues(pointer, hash));
  issues.push(...argIssues(proxy?.run?.args ?? {}));
  for (const [name, accessory] of Object.entries(config.accessories ?? {})) {
    if (accessory.proxy) {
      issues.push({
        pointer: childPointer(childPointer('/accessories', name), 'proxy'),
        message: 'the traefik proxy driver routes app roles only (routes are labels set when a container starts); use kamal-proxy or caddy to route accessories',
      });
    }
  }
}

/** The root proxy hash and every role's own. */
function routeHashes(config: GantryConfig): [string, RouteHash][] {
  const hashes: [string, RouteHash][] = [];
  if (config.proxy) hashes.push(['/proxy', config.proxy as RouteHash]);
  const servers = config.servers;
  if (servers && !Array.isArray(servers)) {
    for (const [role, section] of Object.entries(servers)) {
      if (!Array.isArray(section) && typeof section.proxy === 'object') hashes.push([childPointer(childPointer('/servers', role), 'proxy'), section.proxy as RouteHash]);
    }
  }
  return hashes;
}

function routeIssues(pointer: string, hash: RouteHash): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [key, why] of Object.entries(UNSUPPORTED)) {
    const message = hash[key] === undefined ? undefined : why(hash[key]);
    if (message) issues.push({ pointer: childPointer(pointer, key), message });
  }
  const values: [string, string][] = [
    ['host', hash.host ?? ''],
    ['path_prefix', hash.path_prefix ?? ''],
    ...(hash.hosts ?? []).map((value, i): [string, string] => [`hosts/${i}`, value]),
    ...(hash.path_prefixes ?? []).map((value, i): [string, string] => [`path_prefixes/${i}`, value]),
  ];
  for (const [key, value] of values) {
    // A backtick ends a Traefik rule's string; a comma splits a label's list.
    const bad = key === 'host' ? /[`]/ : /[`,]/;
    if (bad.test(value)) issues.push({ pointer: `${pointer}/${key}`, message: `${JSON.stringify(value)} cannot go into a Traefik router rule` });
  }
  return issues;
}

/** The static options Gantry sets itself (a second value would leave Traefik to pick one). */
const OWN_OPTIONS = new Set(traefikStaticArgs({}).map((arg) => arg.slice(2).split('=')[0]!.toLowerCase()));

function argIssues(args: Readonly<Record<string, unknown>>): ConfigIssue[] {
  return Object.keys(args)
    .filter((key) => OWN_OPTIONS.has(key.toLowerCase()))
    .map((key) => ({ pointer: childPointer('/proxy/run/args', key), message: `${key} is set by Gantry (the driver depends on it); remove it` }));
}
