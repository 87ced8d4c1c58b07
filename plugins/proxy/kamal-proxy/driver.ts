/**
 * The kamal-proxy driver: Kamal 2's commands exactly. `kamal-proxy deploy` itself waits for the
 * new target's health and the old target's drain, so the switch is one command.
 */
import { posix } from 'node:path';
import type { RunContext, TaskEnv } from '../../../core/graph/model.js';
import { ensureNetwork } from '../../docker/api.js';
import { appScope, runDirectory, serviceAndDestination } from '../../app/api.js';
import type { ProxyDriver } from '../driver.js';
import { readErrorPages } from '../error-pages.js';
import { listAppDirectories, namesFromListing } from '../host-apps.js';
import { proxyRunConfig, routeSettings, sharedRunOptions, type RouteSettings } from '../settings.js';
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
import {
  appConfigDirectory,
  cleanUpErrorPages,
  ensureAppsConfigDirectory,
  errorPagesDirectories,
  removeProxyDirectory,
  tlsFiles,
  type AppConfigDirectory,
} from './directories.js';

export function kamalProxyRunOptions(ctx: RunContext): ProxyRunOptions {
  const run = proxyRunConfig(ctx);
  return {
    ...sharedRunOptions(ctx),
    runDir: runDirectory(ctx),
    registry: run.registry,
    repository: run.repository,
    version: run.version,
    metricsPort: run.metrics_port,
    debug: run.debug,
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

/**
 * The role's custom certificate and key (from secrets) in `tls/<role>/`, as Kamal uploads them:
 * readable by the proxy container's own user, inside the deploy user's run directory.
 */
async function uploadCertificate(env: TaskEnv, app: AppConfigDirectory, settings: RouteSettings): Promise<Partial<ProxyDeployOptions>> {
  if (!settings.customCertificate) return {};
  const files = tlsFiles(app, settings.role);
  const { secrets } = env.ctx.config;
  await env.run(['mkdir', '-p', files.hostDirectory]);
  await env.upload(secrets.get(settings.customCertificate.certificatePem), files.hostCertificate, 0o644);
  await env.upload(secrets.get(settings.customCertificate.privateKeyPem), files.hostPrivateKey, 0o644);
  return { tlsCertificatePath: files.containerCertificate, tlsPrivateKeyPath: files.containerPrivateKey };
}

/** This version's error pages in `error_pages/<version>/`, for `kamal-proxy deploy --error-pages`. */
async function uploadErrorPages(env: TaskEnv, app: AppConfigDirectory): Promise<Partial<ProxyDeployOptions>> {
  const pages = await readErrorPages(env.ctx);
  if (!pages) return {};
  const dirs = errorPagesDirectories(app, env.ctx.version);
  await env.run(['mkdir', '-p', dirs.host]);
  for (const page of pages) await env.upload(page.content, posix.join(dirs.host, page.name), 0o644);
  return { errorPages: dirs.container };
}

export const kamalProxyDriver: ProxyDriver = {
  async boot(env) {
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
    const app = appConfigDirectory(runDirectory(env.ctx), settings.app);
    const files = { ...(await uploadCertificate(env, app, settings)), ...(await uploadErrorPages(env, app)) };
    const deployed = await env.probe(proxyDeploy({ ...kamalProxyDeployOptions(settings, request.containerId), ...files }));
    if (deployed.code !== 0) throw await switchFailure(env, request.container, deployed.stderr || deployed.stdout);
    if (files.errorPages) await env.run(cleanUpErrorPages(errorPagesDirectories(app, env.ctx.version).hostRoot, env.ctx.version));
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
