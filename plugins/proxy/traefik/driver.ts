/**
 * The Traefik driver (Kamal 1's proxy): routes are labels on the app containers, added through
 * the app's containerRunArgs hook with a cord and a health check. The switch waits until Traefik
 * routes the new container, cuts the old one's cord, then waits until Traefik let it go.
 */
import type { TaskEnv } from '../../../core/graph/model.js';
import { GantryError } from '../../../core/errors.js';
import { ensureNetwork, labelArgs } from '../../docker/api.js';
import { runDirectory } from '../../app/api.js';
import type { ProxyDriver } from '../driver.js';
import { listAppDirectories, namesFromListing } from '../host-apps.js';
import { routeSettings, type RouteSettings } from '../settings.js';
import { switchFailure } from '../switch-failure.js';
import { listClaims, sharedClaims } from './claims.js';
import {
  TRAEFIK_CONTAINER,
  traefikDetails,
  traefikRemoveContainer,
  traefikRun,
  traefikStart,
  traefikStartOrRun,
  traefikStop,
} from './commands.js';
import { cordRunArgs, cutCord, NO_CORD, prepareCord, tieCord } from './cord.js';
import { routeClaims, routeLabels } from './labels.js';
import { appCordsRoot, cordHealth, newCordDirectory, routeCords, traefikRoute, traefikRunOptions } from './settings.js';
import { WAIT_EXIT, waitRouted, waitUnrouted } from './waits.js';

/** How often the switch polls Docker and Traefik's API. */
const POLL_SECONDS = 0.2;

function unsupported(what: string): GantryError {
  return new GantryError(`the traefik proxy driver does not support ${what} (use proxy.driver kamal-proxy or caddy)`);
}

async function refuseShared(env: TaskEnv, settings: RouteSettings): Promise<void> {
  const shared = sharedClaims(await env.capture(listClaims()), settings.service, routeClaims(traefikRoute(settings)));
  if (!shared.length) return;
  const { router, claim } = shared[0]!;
  throw new GantryError(
    `${env.host?.name}: ${claim} is already routed to ${router}; not routing it to ${settings.service} too ` +
      `(give one of them another proxy.host or path, or remove ${router} first)`,
  );
}

/** Cuts a cord; false when the container never had one (Traefik never routed it). */
async function cut(env: TaskEnv, container: string): Promise<boolean> {
  const result = await env.probe(cutCord(container, appCordsRoot(env.ctx)));
  if (result.code === NO_CORD) return false;
  if (result.code !== 0) throw new GantryError(`cutting the cord of ${container} failed: ${result.stderr || result.stdout}`);
  return true;
}

/** Ties a cord again; a container without one (another driver started it) is left as it is. */
async function tie(env: TaskEnv, container: string): Promise<void> {
  const result = await env.probe(tieCord(container, appCordsRoot(env.ctx)));
  if (result.code !== 0 && result.code !== NO_CORD) throw new GantryError(`tying the cord of ${container} failed: ${result.stderr || result.stdout}`);
}

export const traefikDriver: ProxyDriver = {
  async boot(env) {
    await env.run(traefikStartOrRun(traefikRunOptions(env.ctx)));
  },
  async reboot(env) {
    await env.probe(traefikStop());
    await env.run(traefikRemoveContainer());
    await env.run(ensureNetwork());
    await env.run(traefikRun(traefikRunOptions(env.ctx)));
  },
  async start(env) {
    await env.run(traefikStart());
  },
  async stop(env) {
    await env.run(traefikStop());
  },
  details: (env) => env.capture(traefikDetails()),
  container: TRAEFIK_CONTAINER,
  async removalBlocker(env) {
    const apps = namesFromListing((await env.probe(listAppDirectories(runDirectory(env.ctx)))).stdout);
    return apps.length ? `apps are still installed on ${env.host?.name}: ${apps.join(', ')}` : undefined;
  },
  async remove(env) {
    await env.probe(traefikStop());
    await env.run(traefikRemoveContainer());
  },
  async refuseSharedRoutes(env, role) {
    await refuseShared(env, routeSettings(env.ctx, role));
  },
  // Before the new container starts: refuse a shared route, lay its cord, and label it.
  async containerRunArgs(boot) {
    const { env, role } = boot;
    const settings = routeSettings(env.ctx, role);
    await refuseShared(env, settings);
    const cord = newCordDirectory(env.ctx, settings.service, `${settings.service}-${boot.version}`);
    await env.run(prepareCord(cord));
    return [...cordRunArgs(cord, cordHealth(settings)), ...labelArgs(routeLabels(traefikRoute(settings)))];
  },
  async switchTraffic(env, request) {
    const settings = routeSettings(env.ctx, request.role);
    const wait = { service: settings.service, appPort: settings.appPort, intervalSeconds: POLL_SECONDS };
    // No old container: a first boot, or `app start` of a container whose cord `app stop` cut.
    if (!request.oldContainer) await tie(env, request.container);
    const routed = await env.probe(waitRouted({ ...wait, container: request.container, timeoutSeconds: settings.deployTimeout }));
    if (routed.code !== WAIT_EXIT.done) {
      // Never routed from now on, even if it turns healthy before the app stops it; a failed
      // cut must not hide why the switch failed (the app stops the container anyway).
      await env.probe(cutCord(request.container, appCordsRoot(env.ctx)));
      throw await switchFailure(env, request.container, `Traefik did not route it within ${settings.deployTimeout}s: ${routed.stdout || routed.stderr}`);
    }
    request.onHealthy?.();
    if (!request.oldContainer || !(await cut(env, request.oldContainer))) return;
    const drained = await env.probe(waitUnrouted({ ...wait, container: request.oldContainer, timeoutSeconds: settings.drainTimeout }));
    if (drained.code === WAIT_EXIT.timeout) env.output(`${request.oldContainer} was still routed by Traefik after ${settings.drainTimeout}s`);
    else if (drained.code !== WAIT_EXIT.done) throw new GantryError(`waiting for Traefik to drain ${request.oldContainer} failed: ${drained.stderr || drained.stdout}`);
  },
  // The route is the containers' labels: cutting every cord of the role takes it out of Traefik.
  async removeRoute(env, role) {
    await env.run(['rm', '-rf', routeCords(env.ctx, routeSettings(env.ctx, role).service)]);
  },
  async maintenance() {
    throw unsupported('maintenance mode');
  },
  async live() {
    throw unsupported('maintenance mode (app live)');
  },
  async routeService() {
    throw unsupported('routing accessories');
  },
  async removeService() {
    throw unsupported('routing accessories');
  },
};
