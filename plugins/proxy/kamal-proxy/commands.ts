/**
 * kamal-proxy argv, as Kamal 2 runs it: one shared `kamal-proxy` container per host on the
 * `kamal` network, and `docker exec kamal-proxy kamal-proxy …` to switch an app's traffic. A
 * deploy call returns only once the new target is healthy and the old one has drained.
 */
import { posix } from 'node:path';
import { or, raw } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { containerDetails, optionArgs, volumeArgs, type DockerOptions } from '../../docker/api.js';
import { proxyContainerRun, type PublishOptions } from '../publish.js';

export const PROXY_CONTAINER = 'kamal-proxy';
/** The oldest proxy Kamal 2 (and so Gantry) works with. */
export const MINIMUM_PROXY_VERSION = 'v0.9.2';
export const DEFAULT_LOG_REQUEST_HEADERS: readonly string[] = ['Cache-Control', 'Last-Modified', 'User-Agent'];
export const DEFAULT_DEPLOY_TIMEOUT = 30;
export const DEFAULT_DRAIN_TIMEOUT = 30;

export interface ProxyRunOptions extends PublishOptions {
  /** The run directory; its `proxy/apps-config` is shared with the proxy (error pages, TLS files). */
  runDir: string;
  registry?: string;
  /** Default `basecamp/kamal-proxy`. */
  repository?: string;
  /** Default MINIMUM_PROXY_VERSION. */
  version?: string;
  metricsPort?: number;
  debug?: boolean;
  /** Default `10m`; empty sets no limit. */
  logMaxSize?: string;
  options?: DockerOptions;
}

export function proxyImage(opts: Pick<ProxyRunOptions, 'registry' | 'repository' | 'version'>): string {
  const repo = [opts.registry, opts.repository ?? 'basecamp/kamal-proxy'].filter(Boolean).join('/');
  return `${repo}:${opts.version ?? MINIMUM_PROXY_VERSION}`;
}

export function proxyRun(opts: ProxyRunOptions): Command {
  const volumes = [
    '--volume',
    'kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy',
    ...volumeArgs(posix.join(opts.runDir, 'proxy', 'apps-config'), '/home/kamal-proxy/.apps-config'),
  ];
  return [
    ...proxyContainerRun(PROXY_CONTAINER, volumes, opts),
    ...(opts.metricsPort === undefined ? [] : [`--expose=${opts.metricsPort}`]),
    ...optionArgs(opts.options ?? {}),
    proxyImage(opts),
    'kamal-proxy',
    'run',
    ...(opts.debug ? ['--debug'] : []),
    ...(opts.metricsPort === undefined ? [] : ['--metrics-port', String(opts.metricsPort)]),
  ];
}

export function proxyStart(): Command {
  return ['docker', 'container', 'start', PROXY_CONTAINER];
}

/** Starts the existing proxy, or runs a new one: a running proxy is never restarted. */
export function proxyStartOrRun(opts: ProxyRunOptions): Command {
  return or([...proxyStart(), raw('2> /dev/null')], proxyRun(opts));
}

export function proxyStop(): Command {
  return ['docker', 'container', 'stop', PROXY_CONTAINER];
}

/** Removes stopped proxy containers (reboot, remove), by the image's title label. */
export function proxyRemoveContainer(): Command {
  return ['docker', 'container', 'prune', '--force', '--filter', 'label=org.opencontainers.image.title=kamal-proxy'];
}

export function proxyRemoveImage(): Command {
  return ['docker', 'image', 'prune', '--all', '--force', '--filter', 'label=org.opencontainers.image.title=kamal-proxy'];
}

export function proxyDetails(): Command {
  return containerDetails(PROXY_CONTAINER);
}


export interface ProxyDeployOptions {
  /** The proxy service: containerPrefix(), `<service>-<role>[-<destination>]`. */
  service: string;
  /** The new container's id (or name) on the `kamal` network. */
  target: string;
  appPort: number;
  hosts?: readonly string[];
  tls?: boolean;
  /** Custom certificate files, as seen inside the proxy container. */
  tlsCertificatePath?: string;
  tlsPrivateKeyPath?: string;
  /** Seconds; default 30. */
  deployTimeout?: number;
  /** Seconds; default 30. */
  drainTimeout?: number;
  healthcheck?: { intervalSeconds?: number; timeoutSeconds?: number; path?: string };
  responseTimeoutSeconds?: number;
  buffering?: { requests?: boolean; responses?: boolean; memory?: number; maxRequestBody?: number; maxResponseBody?: number };
  pathPrefixes?: readonly string[];
  stripPathPrefix?: boolean;
  forwardHeaders?: boolean;
  /** False serves plain HTTP too when tls is on. */
  tlsRedirect?: boolean;
  /** Default DEFAULT_LOG_REQUEST_HEADERS. */
  logRequestHeaders?: readonly string[];
  logResponseHeaders?: readonly string[];
  /** Error pages directory inside the proxy container. */
  errorPages?: string;
}

/**
 * Switches the service to the target. Flags are `--name=value` words; a boolean is a bare flag
 * when true and `--name=false` when false; unset options are left to the proxy's defaults.
 */
export function proxyDeploy(opts: ProxyDeployOptions): Command {
  const buffering = opts.buffering ?? {};
  return proxyExec('deploy', opts.service, [
    ['target', `${opts.target}:${opts.appPort}`],
    ...(opts.hosts ?? []).map((host): Flag => ['host', host]),
    ['tls', opts.tls || undefined],
    ['tls-certificate-path', opts.tlsCertificatePath],
    ['tls-private-key-path', opts.tlsPrivateKeyPath],
    ['deploy-timeout', seconds(opts.deployTimeout ?? DEFAULT_DEPLOY_TIMEOUT)],
    ['drain-timeout', seconds(opts.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT)],
    ['health-check-interval', seconds(opts.healthcheck?.intervalSeconds)],
    ['health-check-timeout', seconds(opts.healthcheck?.timeoutSeconds)],
    ['health-check-path', opts.healthcheck?.path],
    ['target-timeout', seconds(opts.responseTimeoutSeconds)],
    ['buffer-requests', buffering.requests ?? true],
    ['buffer-responses', buffering.responses ?? true],
    ['buffer-memory', buffering.memory],
    ['max-request-body', buffering.maxRequestBody],
    ['max-response-body', buffering.maxResponseBody],
    ...(opts.pathPrefixes ?? []).map((prefix): Flag => ['path-prefix', prefix]),
    ['strip-path-prefix', opts.stripPathPrefix],
    ['forward-headers', opts.forwardHeaders],
    ['tls-redirect', opts.tlsRedirect],
    ...(opts.logRequestHeaders ?? DEFAULT_LOG_REQUEST_HEADERS).map((header): Flag => ['log-request-header', header]),
    ...(opts.logResponseHeaders ?? []).map((header): Flag => ['log-response-header', header]),
    ['error-pages', opts.errorPages],
  ]);
}

export function proxyRemove(service: string): Command {
  return proxyExec('remove', service, []);
}

/** Maintenance mode: requests get a 503 (with the message) until proxyResume. */
export function proxyStopService(service: string, opts: { drainTimeout?: number; message?: string } = {}): Command {
  return proxyExec('stop', service, [
    ['drain-timeout', seconds(opts.drainTimeout)],
    ['message', opts.message],
  ]);
}

export function proxyResume(service: string): Command {
  return proxyExec('resume', service, []);
}

type Flag = readonly [name: string, value: string | number | boolean | undefined];

function proxyExec(command: string, service: string, flags: readonly Flag[]): Command {
  return ['docker', 'exec', PROXY_CONTAINER, 'kamal-proxy', command, service, ...flags.flatMap(flagWord)];
}

function flagWord([name, value]: Flag): string[] {
  if (value === undefined) return [];
  if (value === true) return [`--${name}`];
  return [`--${name}=${value}`];
}

function seconds(value: number | undefined): string | undefined {
  return value === undefined ? undefined : `${value}s`;
}
