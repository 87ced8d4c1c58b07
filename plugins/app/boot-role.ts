/**
 * Boots one role on one host (after Kamal's `cli/app/boot.rb`): env file, clash rename,
 * `docker run`, health (proxy switch or docker health), the barrier, then stop the old container —
 * or, on failure, stop the new one and leave the old one serving.
 */
import { randomBytes } from 'node:crypto';
import { AbortedError, GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { containerIdByName, renameContainer } from '../docker/commands.js';
import { appScope, isProxied, latestImage, primaryRole, roleScope, runDirectory, versionImage } from '../deploy-context.js';
import { ASSET_CLEANUP, ASSET_VOLUME, PROXY_SWITCH, service, type AssetCleanup, type AssetVolume, type ProxySwitch } from '../services.js';
import { bootState } from './boot-state.js';
import { appRun, currentContainer, stopContainer } from './commands.js';
import { renderEnvFile } from './env-file.js';
import { secretValues } from './env.js';
import { failFastOnExit } from './exit-watch.js';
import { waitUntilHealthy } from './health-check.js';
import { containerHostname, containerName, replacedVersion } from './naming.js';
import { envFilePath } from './paths.js';
import { DEFAULT_DEPLOY_TIMEOUT, DEFAULT_READINESS_DELAY, roleSettings } from './settings.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export async function bootRole(env: TaskEnv, host: Host, role: string): Promise<void> {
  const { ctx } = env;
  const scope = roleScope(ctx, role);
  const name = containerName(scope, ctx.version);
  const settings = roleSettings(ctx, role, host);
  const envFile = envFilePath(runDirectory(ctx), appScope(ctx), role);
  // Secrets only reach the host inside this 0600 file, never a command line.
  const secrets = secretValues(settings.env.secret, (secret) => ctx.config.secrets.get(secret));
  const [, current, clashing] = await Promise.all([
    env.upload(renderEnvFile(secrets), envFile, 0o600),
    env.capture(currentContainer(scope, latestImage(ctx), 'name')),
    env.capture(containerIdByName(name)),
  ]);
  let old = current || undefined;
  if (clashing) {
    const renamed = containerName(scope, replacedVersion(ctx.version, hex(8)));
    await env.run(renameContainer(name, renamed));
    if (old === name) old = renamed;
  }

  // The barrier: other roles boot their new containers at once, in parallel with the primary
  // role, but move traffic or stop their old containers only once a primary container is healthy.
  const state = bootState(ctx);
  const { barrier, primaryBooting, ledger } = state;
  const primary = role === primaryRole(ctx);
  const waitForPrimary = async () => {
    if (!primary && primaryBooting) await barrier.wait(env.signal);
  };
  // Another host failed: a container not yet switched must not take traffic (no mixed versions).
  const refuseIfHalted = () => {
    if (state.halted) throw new GantryError(`not switched to ${name}: ${state.halted}`);
  };
  const proxySwitch = isProxied(ctx, role) ? service<ProxySwitch>(ctx, PROXY_SWITCH) : undefined;
  // As long as any health wait may last; the watch ends with it anyway.
  const watchSeconds = (ctx.config.config.deploy_timeout ?? DEFAULT_DEPLOY_TIMEOUT) + (ctx.config.config.readiness_delay ?? DEFAULT_READINESS_DELAY);
  try {
    refuseIfHalted();
    // Named before it starts: an interrupt or a dropped connection during `docker run` leaves a
    // container the undo can still find and stop by this name.
    ledger.starting(host.name, name);
    const containerId = await env.capture(
      appRun({
        ...scope,
        version: ctx.version,
        image: versionImage(ctx),
        host: host.name,
        hostname: containerHostname(host.name, hex(6)),
        env: settings.env.clear,
        envFile,
        logging: settings.logging,
        volumes: settings.volumes,
        assetVolume: service<AssetVolume>(ctx, ASSET_VOLUME)?.(env, role, ctx.version),
        labels: settings.labels,
        options: settings.options,
        cmd: settings.cmd,
      }),
    );
    if (proxySwitch) {
      await waitForPrimary();
      refuseIfHalted();
      // Docker's DNS on the app network knows the short id, not the full one `docker run` prints.
      const request = { role, container: name, containerId: containerId.slice(0, 12), oldContainer: old };
      await failFastOnExit(env, name, watchSeconds, (watched) => proxySwitch(watched, request));
      ledger.tookOver(host.name, { role, from: old, to: name, proxied: true });
    } else {
      await failFastOnExit(env, name, watchSeconds, (watched) => waitUntilHealthy(watched, name));
      await waitForPrimary();
      refuseIfHalted();
    }
  } catch (error) {
    if (primary) barrier.close(`${role} failed on ${host.name}`);
    // After an interrupt the undo node stops it, on a live signal (and a fresh connection).
    if (error instanceof AbortedError) throw error;
    if (await stopped(env, name)) ledger.settled(host.name, name);
    throw new GantryError(`${prefixed(host.name, (error as Error).message)}\nrole ${role}: ${old ?? 'no old container'} keeps running`);
  }
  if (primary) barrier.open();

  if (old) await env.run(stopContainer(old, settings.stopTimeout));
  if (!proxySwitch) ledger.tookOver(host.name, { role, from: old, to: name, proxied: false });
  await service<AssetCleanup>(ctx, ASSET_CLEANUP)?.(env, role, ctx.version);
}

/** Stops a container that may not exist (its `docker run` failed early); false when that failed. */
async function stopped(env: TaskEnv, container: string): Promise<boolean> {
  const result = await env.probe(stopContainer(container)).catch(() => undefined);
  return result !== undefined && (result.code === 0 || /No such container/i.test(result.stderr));
}

// CommandErrors already start with the host; other errors get it.
function prefixed(host: string, message: string): string {
  return message.startsWith(`${host}:`) ? message : `${host}: ${message}`;
}
