/**
 * The Caddy driver: one shared `gantry-caddy` per host, each app owning only its own route files
 * (README-api.md). The switch is health check → route swap (graceful reload) → drain wait.
 */
import { posix } from 'node:path';
import type { RunContext, TaskEnv } from '../../../core/graph/model.js';
import { CommandError, GantryError } from '../../../core/errors.js';
import { ensureNetwork } from '../../docker/api.js';
import type { ProxyDriver } from '../driver.js';
import { runningContainerId } from '../running.js';
import { allRoles } from '../../app/api.js';
import { DEFAULT_HEALTHCHECK, proxyRunConfig, proxyService, routeSettings, sharedRunOptions, type RouteSettings } from '../settings.js';
import { readErrorPages } from '../error-pages.js';
import { switchFailure } from '../switch-failure.js';
import {
  CADDY_CERTS_DIR,
  CADDY_CONTAINER,
  caddyDetails,
  caddyRemove,
  caddyRemoveRoutes,
  caddyRun,
  caddySetRoutes,
  caddyStart,
  caddyStartOrRun,
  caddyStop,
  caddySwitchRoutes,
  caddyWaitHealthy,
  caddyWriteFrame,
  type CaddyRunOptions,
  type CertificateChange,
} from './commands.js';
import { caddyHttpRoutesAndFrame, caddyListHttpRoutes, describeClaim, NO_FRAME, routeClaims, sharedClaims } from './claims.js';
import { caddyCleanUpErrorPages, caddyErrorPagesDirectory, caddyPutFile, currentErrorPages } from './error-pages.js';
import { caddyImage } from './image.js';
import { maintenanceRoutes } from './maintenance.js';
import { caddyPreSwitch, splitPreSwitch } from './pre-switch.js';
import { caddyListRouteFiles, caddyReadRoutes, currentUpstream, routeIdsFromListing } from './route-files.js';
import { caddyAppRoutes, caddyFrame, type CaddyAppRoutes } from './routes.js';

/** How often the deploy polls the new container before switching to it. */
const SWITCH_POLL_SECONDS = 0.1;

/** caddySwitchRoutes' drain wait exits with 2 when its time is up. */
const TIMED_OUT = 2;

export function caddyRunOptions(ctx: RunContext): CaddyRunOptions {
  return { ...sharedRunOptions(ctx), image: caddyImage(proxyRunConfig(ctx)) };
}

/** The role's routes pointing at `upstream`, the replaced target kept second for its drain. */
export function liveRoutes(settings: RouteSettings, upstream: string, previousUpstream?: string, errorPages?: string): CaddyAppRoutes {
  return caddyAppRoutes({
    id: settings.service,
    hosts: settings.hosts,
    pathPrefixes: settings.pathPrefixes,
    stripPathPrefix: settings.stripPathPrefix,
    upstream,
    ...(previousUpstream && previousUpstream !== upstream ? { previousUpstream } : {}),
    healthcheck: {
      path: settings.healthcheck.path ?? DEFAULT_HEALTHCHECK.path,
      intervalSeconds: settings.healthcheck.interval ?? DEFAULT_HEALTHCHECK.interval,
      timeoutSeconds: settings.healthcheck.timeout ?? DEFAULT_HEALTHCHECK.timeout,
    },
    responseTimeoutSeconds: settings.responseTimeout,
    forwardHeaders: settings.forwardHeaders,
    tls: settings.ssl,
    tlsRedirect: settings.sslRedirect,
    ...(errorPages ? { errorPages } : {}),
  });
}

/** This version's `error_pages_path` pages into the proxy container; their directory, or undefined without the setting. */
async function uploadErrorPages(env: TaskEnv, settings: RouteSettings): Promise<string | undefined> {
  const pages = await readErrorPages(env.ctx);
  if (!pages) return undefined;
  const directory = caddyErrorPagesDirectory(settings.app, env.ctx.version);
  for (const page of pages) await env.run(caddyPutFile(posix.join(directory, page.name), '022'), { stdin: page.content });
  return directory;
}

function frame(ctx: RunContext): string {
  return caddyFrame({ gracePeriodSeconds: ctx.config.config.drain_timeout ?? 30, certificatesFolder: CADDY_CERTS_DIR });
}

/**
 * The role's custom certificate for caddySetRoutes: the chain, then the key, from the secrets,
 * as the command's stdin. Without one, a certificate stored by an earlier deploy is removed.
 */
function certificateChange(ctx: RunContext, settings: RouteSettings): { change: CertificateChange; stdin?: string } {
  if (!settings.customCertificate) return { change: 'remove' };
  const { secrets } = ctx.config;
  const pem = (name: string) => `${secrets.get(name).trim()}\n`;
  return { change: 'write', stdin: pem(settings.customCertificate.certificatePem) + pem(settings.customCertificate.privateKeyPem) };
}

/** Throws, naming both apps, when another app's route takes any request the role's would. */
async function refuseSharedRoutes(env: TaskEnv, settings: RouteSettings): Promise<void> {
  refuseSharedIn(await env.capture(caddyListHttpRoutes()), env, settings);
}

/** refuseSharedRoutes on a listing already read (caddyListHttpRoutes' output). */
function refuseSharedIn(listing: string, env: TaskEnv, settings: RouteSettings): void {
  const own = routeClaims(liveRoutes(settings, 'new:0').http!);
  const shared = sharedClaims(listing, settings.service, own);
  if (!shared.length) return;
  const { id, claim } = shared[0]!;
  throw new GantryError(
    `${env.host?.name}: ${describeClaim(claim)} is already routed to ${id}; not routing it to ${settings.service} too ` +
      `(give one of them another proxy.host, or remove ${id} first)`,
  );
}

/** Starts (or runs) Caddy; returns the stored HTTP routes as caddyListHttpRoutes prints them. */
async function boot(env: TaskEnv): Promise<string> {
  await env.run(caddyStartOrRun(caddyRunOptions(env.ctx)));
  const state = await env.probe(caddyHttpRoutesAndFrame());
  // A running Caddy keeps its frame (like kamal-proxy's run options); only a new one gets it.
  if (state.code === NO_FRAME) await env.run(caddyWriteFrame(frame(env.ctx)));
  else if (state.code !== 0) throw new GantryError(`${env.host?.name}: reading the routes stored in ${CADDY_CONTAINER} failed: ${(state.stderr || state.stdout).trim()}`);
  return state.stdout;
}

export const caddyDriver: ProxyDriver = {
  async boot(env) {
    await boot(env);
  },
  async bootForDeploy(env, roles) {
    // The routes other apps hold come with the frame check: one round trip fewer before the boot.
    const listing = await boot(env);
    for (const role of roles) refuseSharedIn(listing, env, routeSettings(env.ctx, role));
  },
  async reboot(env) {
    await env.probe(caddyStop());
    await env.run(caddyRemove());
    await env.run(ensureNetwork());
    await env.run(caddyRun(caddyRunOptions(env.ctx)));
    // `--resume` restored every app's routes; the frame is rewritten with the current settings.
    await env.run(caddyWriteFrame(frame(env.ctx)));
  },
  async start(env) {
    await env.run(caddyStart());
  },
  async stop(env) {
    await env.run(caddyStop());
  },
  details: (env) => env.capture(caddyDetails()),
  container: CADDY_CONTAINER,
  async removalBlocker(env) {
    const ours = new Set(allRoles(env.ctx).map((role) => proxyService(env.ctx, role)));
    const listing = await env.probe(caddyListRouteFiles());
    const others = routeIdsFromListing(listing.stdout).filter((id) => !ours.has(id));
    return others.length ? `other apps still have routes on ${env.host?.name}: ${others.join(', ')}` : undefined;
  },
  async remove(env) {
    await env.run(caddyRemove());
  },
  async refuseSharedRoutes(env, role) {
    await refuseSharedRoutes(env, routeSettings(env.ctx, role));
  },
  async switchTraffic(env, request) {
    const settings = routeSettings(env.ctx, request.role);
    const upstream = `${request.containerId}:${settings.appPort}`;
    // One round trip: the current routes, other apps' routes (checked again: `app boot` has no
    // proxy boot, and another app may have deployed since), then the health wait, polling every
    // 0.1 s (healthcheck.interval is Caddy's own check of live upstreams), so the switch follows
    // health. A refusal counts once the new container is healthy.
    const check = caddyPreSwitch({
      id: settings.service,
      upstream,
      path: settings.healthcheck.path ?? DEFAULT_HEALTHCHECK.path,
      timeoutSeconds: settings.deployTimeout,
      requestTimeoutSeconds: settings.healthcheck.timeout ?? DEFAULT_HEALTHCHECK.timeout,
      intervalSeconds: SWITCH_POLL_SECONDS,
    });
    // Captured, not shown: the routes are values (a failed run's output comes with its error).
    const outcome = await env.capture(check).then(
      (stdout) => ({ stdout, error: undefined }),
      (error: unknown) => {
        if (error instanceof CommandError) return { stdout: error.stdout, error };
        throw error;
      },
    );
    const read = splitPreSwitch(outcome.stdout);
    // It never got to the health wait (no proxy container, say): the read failed, as that command.
    if (outcome.error && !read.reachedHealth) throw outcome.error;
    const previous = currentUpstream(read.appRoutes);
    if (outcome.error) throw await switchFailure(env, request.container, `health check of http://${upstream}: ${read.health || outcome.error.stderr}`);
    refuseSharedIn(read.otherRoutes, env, settings);
    request.onHealthy?.();
    const errorPages = await uploadErrorPages(env, settings);
    const certificate = certificateChange(env.ctx, settings);
    const routesNow = liveRoutes(settings, upstream, previous, errorPages);
    const stdin = certificate.stdin === undefined ? {} : { stdin: certificate.stdin };
    if (!previous || previous === upstream) {
      await env.run(caddySetRoutes(routesNow, certificate.change), stdin);
    } else {
      // The route swap and the old upstream's drain wait in one round trip.
      const switched = await env.probe(caddySwitchRoutes(routesNow, certificate.change, { upstream: previous, timeoutSeconds: settings.drainTimeout }), stdin);
      // As kamal-proxy: after the drain timeout the old target is let go whatever it still serves.
      if (switched.code === TIMED_OUT) env.output(`${previous} still had requests in flight after ${settings.drainTimeout}s`);
      else if (switched.code !== 0) throw new GantryError(`${env.host?.name}: switching ${settings.service} from ${previous} to ${upstream} failed: ${(switched.stderr || switched.stdout).trim()}`);
    }
    if (errorPages) await env.run(caddyCleanUpErrorPages(settings.app, env.ctx.version));
  },
  async removeRoute(env, role) {
    await env.run(caddyRemoveRoutes(proxyService(env.ctx, role)));
  },
  async maintenance(env, role, message) {
    const settings = routeSettings(env.ctx, role);
    const errorPages = currentErrorPages(await env.capture(caddyReadRoutes(settings.service)));
    const routes = maintenanceRoutes({ id: settings.service, hosts: settings.hosts, pathPrefixes: settings.pathPrefixes, tls: settings.ssl, message, ...(errorPages ? { errorPages } : {}) });
    await env.run(caddySetRoutes(routes, 'keep'));
  },
  async live(env, role) {
    const settings = routeSettings(env.ctx, role);
    const id = await env.capture(runningContainerId(env.ctx, role));
    if (!id) throw new GantryError(`no running ${settings.service} container on ${env.host?.name} to put live again`);
    const errorPages = currentErrorPages(await env.capture(caddyReadRoutes(settings.service)));
    await env.run(caddySetRoutes(liveRoutes(settings, `${id}:${settings.appPort}`, undefined, errorPages), 'keep'));
  },
  async routeService(env, settings, target) {
    if (settings.customCertificate) throw new GantryError('the caddy proxy driver supports ssl: true (automatic HTTPS) only, not custom certificates');
    const upstream = `${target}:${settings.appPort}`;
    const healthy = await env.probe(
      caddyWaitHealthy({
        upstream,
        path: settings.healthcheck.path ?? DEFAULT_HEALTHCHECK.path,
        timeoutSeconds: settings.deployTimeout,
        requestTimeoutSeconds: settings.healthcheck.timeout ?? DEFAULT_HEALTHCHECK.timeout,
        intervalSeconds: settings.healthcheck.interval ?? DEFAULT_HEALTHCHECK.interval,
      }),
    );
    if (healthy.code !== 0) throw new GantryError(`${settings.service} did not become healthy at http://${upstream}${settings.healthcheck.path ?? DEFAULT_HEALTHCHECK.path}: ${healthy.stdout || healthy.stderr}`);
    await env.run(caddySetRoutes(liveRoutes(settings, upstream), 'remove'));
  },
  async removeService(env, service) {
    await env.run(caddyRemoveRoutes(service));
  },
};
