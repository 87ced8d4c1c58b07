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
import type { Command } from '../../core/transport/types.js';
import { renameContainer } from '../docker/api.js';
import type { AppHooks, RoleBoot, TrafficSwitchRequest } from './api.js';
import { bootRun } from './barrier.js';
import { appScope, isProxied, primaryRole, roleScope, runDirectory, versionImage } from './context.js';
import { appRun, removeContainer, stopContainer } from './commands.js';
import { and } from '../../core/transport/quote.js';
import { takeBootAnswer } from './current-container.js';
import { failFastOnExit } from './exit-watch.js';
import { RenameFailedError, renameAndStart, startAndWaitUntilHealthy, waitUntilHealthy } from './health-check.js';
import type { Rename } from './health.js';
import { containerHostname, containerName, replacedVersion } from './naming.js';
import { envFilePath } from './paths.js';
import { DEFAULT_DEPLOY_TIMEOUT, DEFAULT_READINESS_DELAY, roleSettings, type RoleSettings } from './settings.js';

// Random bytes for names, drawn from a pooled buffer: one randomBytes call per boot cost a
// visible share of a dry run to thousands of hosts.
const pool = { bytes: Buffer.alloc(0), used: 0 };
const hex = (bytes: number): string => {
  if (pool.used + bytes > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.used = 0;
  }
  return pool.bytes.toString('hex', pool.used, (pool.used += bytes));
};

interface Started {
  name: string;
  /** Short id: Docker's DNS on the app network resolves it, not the full id `docker run` prints. */
  id: string;
}

/** How a boot meets the barrier. */
export interface BootHow {
  /**
   * `boot.barrier: switch` for a non-primary role: start and wait for health at once, switch
   * only once the barrier opens; when it closes, stop and remove the new container.
   */
  awaitBarrier: boolean;
}

export async function bootRole(env: TaskEnv, host: Host, role: string, hooks: AppHooks, how: BootHow): Promise<void> {
  const { ctx } = env;
  const boot: RoleBoot = { env, role, version: ctx.version };
  const settings = roleSettings(ctx, role, host);
  const primary = role === primaryRole(ctx);
  const run = bootRun(ctx);
  const name = containerName(roleScope(ctx, role), ctx.version);
  // Set when the run, not this container, stopped the boot: with awaitBarrier the new container goes.
  let refused = false;
  // Another host failed: a container not yet switched must not take traffic (no mixed versions).
  const refuseIfHalted = () => {
    if (!run.halted) return;
    refused = true;
    throw new GantryError(`not switched to ${name}: ${run.halted}`);
  };
  // Behind a proxy switch the boot runs `docker run` on its own (after a deferred rename); otherwise with its health wait.
  // (Only a tap can switch; isUsed() is always true, the error-attribution interceptor counts.)
  const switchable = isProxied(ctx, role) && hooks.trafficSwitch.taps.length > 0;
  const { old, rename } = await renameClash(env, role);
  let proxied = false;
  try {
    refuseIfHalted();
    // Named before it starts: an interrupt or a dropped connection during `docker run` leaves a
    // container the undo can still find and stop by this name.
    run.ledger.starting(host.name, name);
    const runCommand = await runArgs(env, host, boot, settings, hooks);
    const barrier = how.awaitBarrier
      ? async () => {
          try {
            await run.barrier.wait(env.signal);
          } catch (error) {
            refused = true;
            throw error;
          }
        }
      : undefined;
    if (switchable) {
      const started = await startNew(env, name, runCommand, rename);
      refuseIfHalted();
      const request: TrafficSwitchRequest = { role, container: started.name, containerId: started.id, oldContainer: old };
      // The primary role opens the barrier as soon as its new container is healthy (not drained).
      if (primary) request.onHealthy = () => run.barrier.open();
      proxied = await switchTraffic(env, request, hooks, barrier);
    } else {
      // Its loop also fails fast when the container exits or restarts.
      await startAndWaitUntilHealthy(env, name, runCommand, rename);
      // Healthy alongside the primary role; the old container stops only once the barrier opens.
      await barrier?.();
    }
    if (proxied) run.ledger.tookOver(host.name, { role, from: old, to: name, proxied: true });
    refuseIfHalted();
  } catch (error) {
    if (primary) run.barrier.close(`${role} failed on ${host.name}`);
    // After an interrupt the undo node stops it, on a live signal (and a fresh connection).
    if (error instanceof AbortedError) throw error;
    if (error instanceof RenameFailedError) {
      // Nothing started, and the name still belongs to the container the rename left in place.
      run.ledger.settled(host.name, name);
      throw new GantryError([error.message, `role ${role}: ${old ?? 'no old container'} keeps running`].join('\n'));
    }
    const remove = refused && how.awaitBarrier;
    // A container the barrier refused goes entirely, so the host is as before the deploy. It may
    // have done work already (a worker's jobs): it stops as gracefully as an old container would.
    const cleanup = await stopNew(env, remove ? and(stopContainer(name, settings.stopTimeout), removeContainer(name)) : stopContainer(name));
    if (cleanup) run.ledger.settled(host.name, name);
    const lines = [prefixed(host.name, (error as Error).message), `role ${role}: ${old ?? 'no old container'} keeps running`];
    if (cleanup === 'stopped') lines.push(`${host.name}: ${remove ? 'stopped and removed' : 'stopped'} ${name}: started by this run, its boot did not finish`);
    throw new GantryError(lines.join('\n'));
  }
  if (primary) run.barrier.open();
  await stopOld(boot, old, settings, hooks);
  if (!proxied) run.ledger.tookOver(host.name, { role, from: old, to: name, proxied: false });
}

/** Stops a container that may not exist (its `docker run` failed early); undefined when stopping failed. */
async function stopNew(env: TaskEnv, stop: Command): Promise<'stopped' | 'absent' | undefined> {
  const result = await env.probe(stop).catch(() => undefined);
  if (result?.code === 0) return 'stopped';
  return result && /No such container/i.test(result.stderr) ? 'absent' : undefined;
}

// A clashing container in one of these states runs nothing: its rename can wait for the `docker run`.
const STOPPED_STATES = new Set(['exited', 'created', 'dead']);

/**
 * Finds the running container; a container already named like the new one (the same version
 * deployed again) is renamed out of the way: at once when it may be running (or its state is
 * unknown), else in the same round trip as the `docker run` (`rename`). Returns the old
 * container's name after the rename. (The env file is already there: the host setup uploaded it.)
 */
async function renameClash(env: TaskEnv, role: string): Promise<{ old?: string; rename?: Rename }> {
  const { ctx } = env;
  const scope = roleScope(ctx, role);
  const name = containerName(scope, ctx.version);
  const [current, clashing] = await Promise.all([takeBootAnswer(env, role, 'current'), takeBootAnswer(env, role, 'clashing')]);
  const old = current || undefined;
  if (!clashing) return { old };
  const renamed = containerName(scope, replacedVersion(ctx.version, hex(8)));
  const after = old === name ? renamed : old;
  // `<id> <state>`; an answer without a state (unknown) is renamed at once.
  const state = clashing.split(/\s+/)[1];
  if (state && STOPPED_STATES.has(state) && old !== name) return { old: after, rename: { from: name, to: renamed } };
  await env.run(renameContainer(name, renamed));
  return { old: after };
}

/** The new container's `docker run`. */
async function runArgs(env: TaskEnv, host: Host, boot: RoleBoot, settings: RoleSettings, hooks: AppHooks): Promise<Command> {
  const { ctx } = env;
  const scope = roleScope(ctx, boot.role);
  const extra = await hooks.containerRunArgs.promise([], boot);
  return appRun({
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
  });
}

/** The `docker run` (after a deferred rename, in the same round trip). */
async function startNew(env: TaskEnv, name: string, run: Command, rename?: Rename): Promise<Started> {
  const id = rename ? await renameAndStart(env, run, rename) : await env.capture(run);
  return { name, id: id.slice(0, 12) };
}

/**
 * A proxied role moves its traffic through the proxy plugin's switch (true when a tap did); it
 * fails fast when the container exits.
 */
async function switchTraffic(env: TaskEnv, request: TrafficSwitchRequest, hooks: AppHooks, barrier?: () => Promise<void>): Promise<boolean> {
  const { config } = env.ctx.config;
  // As long as any health wait may last; the watch ends with it anyway.
  const watchSeconds = (config.deploy_timeout ?? DEFAULT_DEPLOY_TIMEOUT) + (config.readiness_delay ?? DEFAULT_READINESS_DELAY);
  let switched: true | undefined;
  await failFastOnExit(env, request.container, watchSeconds, async (watched) => {
    // The container starts up during the wait; the switch moves traffic, so it waits.
    await barrier?.();
    switched = await hooks.trafficSwitch.promise(watched, request);
  });
  if (switched) return true;
  // No tap moved it: Docker's health decides.
  await waitUntilHealthy(env, request.container);
  await barrier?.();
  return false;
}

async function stopOld(boot: RoleBoot, old: string | undefined, settings: RoleSettings, hooks: AppHooks): Promise<void> {
  if (old) await boot.env.run(stopContainer(old, settings.stopTimeout));
  await hooks.oldContainerStopped.promise(boot);
}

// CommandErrors already start with the host; other errors get it.
function prefixed(host: string, message: string): string {
  return message.startsWith(`${host}:`) ? message : `${host}: ${message}`;
}
