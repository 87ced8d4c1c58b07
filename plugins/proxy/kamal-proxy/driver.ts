/**
 * The kamal-proxy driver: Kamal 2's commands exactly. `kamal-proxy deploy` itself waits for the
 * new target's health and the old target's drain, so the switch is one command.
 */
import type { RunContext } from '../../../core/graph/model.js';
import { ensureNetwork } from '../../docker/api.js';
import { appScope, runDirectory, serviceAndDestination } from '../../app/api.js';
import type { ProxyDriver } from '../driver.js';
import { listAppDirectories, namesFromListing } from '../host-apps.js';
import { proxyRunConfig, routeSettings, type RouteSettings } from '../settings.js';
import { switchFailure } from '../switch-failure.js';
import {
  PROXY_CONTAINER,
  proxyDeploy,
  proxyDetails,
  proxyRemove,
  proxyRemoveContainer,
  proxyRemoveImage,
  proxyResume,
  proxyRun,
  proxyStart,
  proxyStartOrRun,
  proxyStop,
  proxyStopService,
  type ProxyDeployOptions,
  type ProxyRunOptions,
} from './commands.js';
import { ensureAppsConfigDirectory, removeProxyDirectory } from './directories.js';

export function kamalProxyRunOptions(ctx: RunContext): ProxyRunOptions {
  const run = proxyRunConfig(ctx);
  return {
    runDir: runDirectory(ctx),
    publish: run.publish,
    httpPort: run.http_port,
    httpsPort: run.https_port,
    bindIps: run.bind_ips,
    registry: run.registry,
    repository: run.repository,
    version: run.version,
    metricsPort: run.metrics_port,
    debug: run.debug,
    logMaxSize: run.log_max_size,
    options: run.options,
  };
}

/** `kamal-proxy deploy` options from the role's merged settings (only what is configured). */
export function kamalProxyDeployOptions(settings: RouteSettings, target: string): ProxyDeployOptions {
  const { buffering, healthcheck, logging } = settings;
  return {
    service: settings.service,
    target,
    appPort: settings.appPort,
    hosts: settings.hosts,
    tls: settings.ssl,
    deployTimeout: settings.deployTimeout,
    drainTimeout: settings.drainTimeout,
    healthcheck: { path: healthcheck.path, intervalSeconds: healthcheck.interval, timeoutSeconds: healthcheck.timeout },
    responseTimeoutSeconds: settings.responseTimeout,
    buffering: buffering && {
      requests: buffering.requests,
      responses: buffering.responses,
      memory: buffering.memory,
      maxRequestBody: buffering.max_request_body,
      maxResponseBody: buffering.max_response_body,
    },
    pathPrefixes: settings.pathPrefixes,
    stripPathPrefix: settings.stripPathPrefix,
    forwardHeaders: settings.forwardHeaders,
    tlsRedirect: settings.sslRedirect,
    logRequestHeaders: logging?.request_headers,
    logResponseHeaders: logging?.response_headers,
  };
}

export const kamalProxyDriver: ProxyDriver = {
  async boot(env) {
    await env.run(ensureNetwork());
    await env.run(ensureAppsConfigDirectory(runDirectory(env.ctx)));
    await env.run(proxyStartOrRun(kamalProxyRunOptions(env.ctx)));
  },
  async reboot(env) {
    await env.probe(proxyStop());
    await env.run(proxyRemoveContainer());
    await env.run(ensureNetwork());
    await env.run(ensureAppsConfigDirectory(runDirectory(env.ctx)));
    await env.run(proxyRun(kamalProxyRunOptions(env.ctx)));
  },
  async start(env) {
    await env.run(proxyStart());
  },
  async stop(env) {
    await env.run(proxyStop());
  },
  details: (env) => env.capture(proxyDetails()),
  container: PROXY_CONTAINER,
  async removalBlocker(env, leaving) {
    const own = serviceAndDestination(appScope(env.ctx));
    const apps = namesFromListing((await env.probe(listAppDirectories(runDirectory(env.ctx)))).stdout).filter((app) => !leaving || app !== own);
    return apps.length ? `apps are still installed on ${env.host?.name}: ${apps.join(', ')}` : undefined;
  },
  async remove(env) {
    await env.probe(proxyStop());
    await env.run(proxyRemoveContainer());
    await env.run(proxyRemoveImage());
    await env.run(removeProxyDirectory(runDirectory(env.ctx)));
  },
  // kamal-proxy refuses a deploy whose host another service already has.
  async refuseSharedRoutes() {},
  async switchTraffic(env, request) {
    const settings = routeSettings(env.ctx, request.role);
    if (settings.customCertificate) throw new Error('proxy.ssl with custom certificates is not supported by Gantry yet; use ssl: true');
    const deployed = await env.probe(proxyDeploy(kamalProxyDeployOptions(settings, request.containerId)));
    if (deployed.code !== 0) throw await switchFailure(env, request.container, deployed.stderr || deployed.stdout);
  },
  async removeRoute(env, role) {
    // A role never deployed has no service; removing is idempotent, as in Kamal.
    await env.probe(proxyRemove(routeSettings(env.ctx, role).service));
  },
  async maintenance(env, role, message) {
    const settings = routeSettings(env.ctx, role);
    await env.run(proxyStopService(settings.service, { drainTimeout: settings.drainTimeout, message }));
  },
  async live(env, role) {
    await env.run(proxyResume(routeSettings(env.ctx, role).service));
  },
  async routeService(env, settings, target) {
    if (settings.customCertificate) throw new Error('proxy.ssl with custom certificates is not supported by Gantry yet; use ssl: true');
    await env.run(proxyDeploy(kamalProxyDeployOptions(settings, target)));
  },
  async removeService(env, service) {
    await env.probe(proxyRemove(service));
  },
};
