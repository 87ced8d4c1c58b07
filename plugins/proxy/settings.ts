/**
 * A role's proxy settings as both drivers need them: the root `proxy` hash with the role's own
 * `proxy` hash merged over it, defaults filled in, names destination-aware.
 */
import type { RunContext } from '../../core/graph/model.js';
import type { GantryConfig } from '../../schemas/index.js';
import { allRoles, containerPrefix, isProxied, roleScope, roleSection, serviceAndDestination } from '../app/api.js';

type RootProxy = NonNullable<GantryConfig['proxy']>;
export type ProxyDriverName = NonNullable<RootProxy['driver']>;
export type ProxyRunConfig = NonNullable<RootProxy['run']>;

export interface RouteSettings {
  /** `<service>-<role>[-<destination>]`: the kamal-proxy service and the Caddy route id. */
  service: string;
  /** `<service>[-<destination>]`: the app's directory for TLS files and error pages. */
  app: string;
  role: string;
  hosts: string[];
  appPort: number;
  ssl: boolean;
  /** Custom certificate secret names (`ssl: {certificate_pem, private_key_pem}`). */
  customCertificate?: { certificatePem: string; privateKeyPem: string };
  sslRedirect?: boolean;
  forwardHeaders?: boolean;
  responseTimeout?: number;
  pathPrefixes: string[];
  stripPathPrefix?: boolean;
  /** As configured: kamal-proxy gets only the flags set; Caddy fills DEFAULT_HEALTHCHECK. */
  healthcheck: { path?: string; interval?: number; timeout?: number };
  buffering: RootProxy['buffering'];
  logging: RootProxy['logging'];
  deployTimeout: number;
  drainTimeout: number;
}

/** kamal-proxy's own health check defaults, used by both drivers. */
export const DEFAULT_HEALTHCHECK = { path: '/up', interval: 1, timeout: 5 } as const;

export function proxyDriverName(ctx: RunContext): ProxyDriverName {
  return ctx.config.config.proxy?.driver ?? 'kamal-proxy';
}

export function proxyRunConfig(ctx: RunContext): ProxyRunConfig {
  return ctx.config.config.proxy?.run ?? {};
}

/** The `proxy.run` keys every driver's container takes: what it publishes, its log size, extra Docker options. */
export function sharedRunOptions(ctx: RunContext) {
  const run = proxyRunConfig(ctx);
  return { publish: run.publish, httpPort: run.http_port, httpsPort: run.https_port, bindIps: run.bind_ips, logMaxSize: run.log_max_size, options: run.options };
}

export function proxiedRoles(ctx: RunContext): string[] {
  return allRoles(ctx).filter((role) => isProxied(ctx, role));
}

export function proxyService(ctx: RunContext, role: string): string {
  return containerPrefix(roleScope(ctx, role));
}

/** Per run context: the config and destination the settings were worked out for, and them by role. */
interface SettingsMemo {
  config: GantryConfig;
  destination: string | undefined;
  byRole: Map<string, RouteSettings>;
}
const memos = new WeakMap<RunContext, SettingsMemo>();

/**
 * Worked out once per run and role (a large run asks for every boot), frozen since they are
 * shared. A context whose config or destination was replaced gets them worked out again.
 */
export function routeSettings(ctx: RunContext, role: string): RouteSettings {
  const { config } = ctx.config;
  let memo = memos.get(ctx);
  if (!memo || memo.config !== config || memo.destination !== ctx.destination) {
    memo = { config, destination: ctx.destination, byRole: new Map() };
    memos.set(ctx, memo);
  }
  let settings = memo.byRole.get(role);
  if (!settings) {
    settings = frozen(roleRouteSettings(ctx, role));
    memo.byRole.set(role, settings);
  }
  return settings;
}

function frozen(settings: RouteSettings): RouteSettings {
  Object.freeze(settings.hosts);
  Object.freeze(settings.pathPrefixes);
  return Object.freeze(settings);
}

function roleRouteSettings(ctx: RunContext, role: string): RouteSettings {
  const root = ctx.config.config.proxy ?? {};
  const own = roleSection(ctx, role).proxy;
  const names = { service: proxyService(ctx, role), app: serviceAndDestination(roleScope(ctx, role)), role };
  return settingsFrom(ctx, names, { ...root, ...(typeof own === 'object' ? own : {}) });
}

/**
 * A route of its own for another container on the app network (an accessory): its `proxy`
 * hash alone, not merged with the app's, as Kamal routes accessories.
 */
export function serviceRouteSettings(ctx: RunContext, service: string, proxy: RouteProxy): RouteSettings {
  // The accessory's route is its own app: its TLS files and error pages live under its name.
  return settingsFrom(ctx, { service, app: service, role: service }, typeof proxy === 'object' ? proxy : {});
}

/** A `proxy:` value of a role or an accessory: true, or a settings hash. */
export type RouteProxy = NonNullable<NonNullable<GantryConfig['accessories']>[string]['proxy']>;

type RouteNames = Pick<RouteSettings, 'service' | 'app' | 'role'>;

function settingsFrom(ctx: RunContext, names: RouteNames, merged: RootProxy): RouteSettings {
  const { config } = ctx.config;
  const ssl = merged.ssl ?? false;
  return {
    ...names,
    hosts: hostsOf(merged.hosts, merged.host),
    appPort: merged.app_port ?? 80,
    ssl: ssl !== false,
    ...(typeof ssl === 'object' ? { customCertificate: { certificatePem: ssl.certificate_pem, privateKeyPem: ssl.private_key_pem } } : {}),
    sslRedirect: merged.ssl_redirect,
    forwardHeaders: merged.forward_headers,
    responseTimeout: merged.response_timeout,
    pathPrefixes: merged.path_prefixes ?? (merged.path_prefix ? [merged.path_prefix] : []),
    stripPathPrefix: merged.strip_path_prefix,
    healthcheck: merged.healthcheck ?? {},
    buffering: merged.buffering,
    logging: merged.logging,
    deployTimeout: config.deploy_timeout ?? 30,
    drainTimeout: config.drain_timeout ?? 30,
  };
}

/** `hosts` wins; `host` may list several, comma-separated (Kamal). */
function hostsOf(hosts: readonly string[] | undefined, host: string | undefined): string[] {
  if (hosts) return [...hosts];
  return host ? host.split(',').map((h) => h.trim()).filter(Boolean) : [];
}
