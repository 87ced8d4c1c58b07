/**
 * Boots one role on one host (after Kamal's `cli/app/boot.rb`), in the algorithm's four steps:
 * rename a clashing container, start the new one, serve it (proxy switch or Docker health),
 * stop the old one. On failure the new container is stopped and the old one keeps serving.
 * The barrier and rolling groups are graph nodes around this (`nodes/boot.ts`).
 */
import { randomBytes } from 'node:crypto';
import { AbortedError, GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { containerIdByName, renameContainer } from '../docker/api.js';
import type { AppHooks, RoleBoot } from './api.js';
import { barrierOf } from './barrier.js';
import { appScope, isProxied, latestImage, primaryRole, roleScope, runDirectory, versionImage } from './context.js';
import { appRun, currentContainer, stopContainer } from './commands.js';
import { renderEnvFile } from './env-file.js';
import { secretValues } from './env.js';
import { waitUntilHealthy } from './health-check.js';
import { containerHostname, containerName, replacedVersion } from './naming.js';
import { envFilePath } from './paths.js';
import { roleSettings, type RoleSettings } from './settings.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

interface Started {
  name: string;
  /** Short id: Docker's DNS on the app network resolves it, not the full id `docker run` prints. */
  id: string;
}

export async function bootRole(env: TaskEnv, host: Host, role: string, hooks: AppHooks): Promise<void> {
  const { ctx } = env;
  const boot: RoleBoot = { env, role, version: ctx.version };
  const settings = roleSettings(ctx, role, host);
  const primary = role === primaryRole(ctx);
  const old = await uploadEnvAndRenameClash(env, role, settings);
  let started: Started | undefined;
  try {
    started = await startNew(env, host, boot, settings, hooks);
    await serveNew(env, role, started, old, hooks);
  } catch (error) {
    if (primary) barrierOf(ctx).close(`${role} failed on ${host.name}`);
    if (started) await env.probe(stopContainer(started.name));
    if (error instanceof AbortedError) throw error;
    throw new GantryError(`${prefixed(host.name, (error as Error).message)}\nrole ${role}: ${old ?? 'no old container'} keeps running`);
  }
  if (primary) barrierOf(ctx).open();
  await stopOld(boot, old, settings, hooks);
}

/**
 * Uploads the role's env file and finds the running container; a container already named like
 * the new one (the same version deployed again) is renamed out of the way. Returns the old
 * container's current name.
 */
async function uploadEnvAndRenameClash(env: TaskEnv, role: string, settings: RoleSettings): Promise<string | undefined> {
  const { ctx } = env;
  const scope = roleScope(ctx, role);
  const name = containerName(scope, ctx.version);
  // Secrets only reach the host inside this 0600 file, never a command line.
  const secrets = secretValues(settings.env.secret, (secret) => ctx.config.secrets.get(secret));
  const [, current, clashing] = await Promise.all([
    env.upload(renderEnvFile(secrets), envFilePath(runDirectory(ctx), appScope(ctx), role), 0o600),
    env.capture(currentContainer(scope, latestImage(ctx), 'name')),
    env.capture(containerIdByName(name)),
  ]);
  const old = current || undefined;
  if (!clashing) return old;
  const renamed = containerName(scope, replacedVersion(ctx.version, hex(8)));
  await env.run(renameContainer(name, renamed));
  return old === name ? renamed : old;
}

async function startNew(env: TaskEnv, host: Host, boot: RoleBoot, settings: RoleSettings, hooks: AppHooks): Promise<Started> {
  const { ctx } = env;
  const scope = roleScope(ctx, boot.role);
  const name = containerName(scope, ctx.version);
  const extra = await hooks.containerRunArgs.promise([], boot);
  const id = await env.capture(
    appRun({
      ...scope,
      version: ctx.version,
      image: versionImage(ctx),
      host: host.name,
      hostname: containerHostname(host.name, hex(6)),
      env: settings.env.clear,
      envFile: envFilePath(runDirectory(ctx), appScope(ctx), boot.role),
      logging: settings.logging,
      volumes: settings.volumes,
      extraArgs: extra,
      labels: settings.labels,
      options: settings.options,
      cmd: settings.cmd,
    }),
  );
  return { name, id: id.slice(0, 12) };
}

/** A proxied role moves its traffic through the proxy plugin's switch when one is tapped; anything else waits for Docker's health. */
async function serveNew(env: TaskEnv, role: string, started: Started, old: string | undefined, hooks: AppHooks): Promise<void> {
  if (isProxied(env.ctx, role)) {
    const switched = await hooks.trafficSwitch.promise(env, { role, container: started.name, containerId: started.id, oldContainer: old });
    if (switched) return;
  }
  await waitUntilHealthy(env, started.name);
}

async function stopOld(boot: RoleBoot, old: string | undefined, settings: RoleSettings, hooks: AppHooks): Promise<void> {
  if (old) await boot.env.run(stopContainer(old, settings.stopTimeout));
  await hooks.oldContainerStopped.promise(boot);
}

// CommandErrors already start with the host; other errors get it.
function prefixed(host: string, message: string): string {
  return message.startsWith(`${host}:`) ? message : `${host}: ${message}`;
}
