/**
 * The deploy lock around every graph that changes hosts, and the `lock *` commands.
 *
 * Re-entrant: the run state holds a token naming the lock nodes pair that took the lock. A
 * graph included in another (custom graph steps) finds the lock already held, skips its own
 * acquire, and its release leaves the lock to the pair that took it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError, GantryError } from '../../core/errors.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { appScope, runDirectory } from '../app/api.js';
import { acquireLock, lockStatus, releaseLock, type LockDetails } from './commands.js';
import { lookUpPerformer } from './performer.js';

export const ACQUIRE = 'lock:acquire';
export const RELEASE = 'lock:release';
export const PLUGIN_NAME = 'lock';
/** The run state key holding the token of the pair that took the lock (read through lockHeld). */
const HELD = 'lock:held';

/** Whether a lock node pair of this run holds the deploy lock now. */
export function lockHeld(ctx: RunContext): boolean {
  return ctx.state.has(HELD);
}

export const AUTOMATIC_MESSAGE = 'Automatic deploy lock';

async function details(ctx: RunContext, message: string): Promise<LockDetails> {
  return { who: (await lookUpPerformer(ctx)).name, at: new Date().toISOString(), version: ctx.version, message };
}

function message(ctx: RunContext, fallback: string): string {
  return typeof ctx.options.message === 'string' && ctx.options.message ? ctx.options.message : fallback;
}

/** How often `--lock-wait` asks again for a held lock. */
const LOCK_POLL_MS = 2000;

/** `--lock-wait SECONDS`: how long to wait for a held lock (0: fail at once). */
function lockWaitMs(ctx: RunContext): number {
  const value = ctx.options.lockWait;
  if (value === undefined) return 0;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new GantryError(`--lock-wait expects a number of seconds, got ${JSON.stringify(value)}`);
  return seconds * 1000;
}

/** Takes the lock; a held lock fails with its holder's details, after waiting up to --lock-wait for it. */
async function take(env: TaskEnv, text: string): Promise<void> {
  const { ctx } = env;
  const deadline = Date.now() + lockWaitMs(ctx);
  // The connection opens while git says who runs the deploy: the lock is the run's first command.
  env.warm();
  for (;;) {
    const taken = await env.probe(acquireLock(runDirectory(ctx), appScope(ctx), await details(ctx, text)));
    if (taken.code === 0) return;
    const held = await env.probe(lockStatus(runDirectory(ctx), appScope(ctx)));
    const host = env.host?.name ?? 'localhost';
    if (held.code !== 0) throw new GantryError(`could not take the deploy lock on ${host}: ${(taken.stderr || taken.stdout).trim()}`);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new GantryError(`deploy lock held on ${host}:\n${held.stdout.trim()}`);
    env.output(`deploy lock held on ${host}; waiting`);
    await sleep(Math.min(LOCK_POLL_MS, remaining), undefined, { signal: env.signal }).catch(() => {
      throw new AbortedError();
    });
  }
}

/** The acquire/release pair of one graph; `token` ties them together. */
export function lockNodes(dependsOn: string): { acquire: TaskNode; release: (dependsOn: string) => TaskNode } {
  const token = Symbol('lock');
  const acquire: TaskNode = {
    id: ACQUIRE,
    title: 'acquire the deploy lock',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    // Hosts are ordered primary first, so the lock lives on the primary host.
    scope: 'once',
    skip: (ctx) => (ctx.state.has(HELD) ? 'lock already held by this run' : false),
    run: async (env) => {
      await take(env, message(env.ctx, AUTOMATIC_MESSAGE));
      env.ctx.state.set(HELD, token);
    },
  };
  const release = (after: string): TaskNode => ({
    id: RELEASE,
    title: 'release the deploy lock',
    plugin: PLUGIN_NAME,
    dependsOn: [after],
    scope: 'once',
    when: 'always',
    skip: (ctx) => (ctx.state.get(HELD) === token ? false : 'lock not taken by this graph'),
    run: async (env) => {
      await env.run(releaseLock(runDirectory(env.ctx), appScope(env.ctx)));
      env.ctx.state.delete(HELD);
    },
  });
  return { acquire, release };
}

/** `lock status`: the holder's details, or "no lock". */
export function statusNode(dependsOn: string): TaskNode {
  return {
    id: 'lock:status',
    title: 'lock status',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    scope: 'once',
    run: async (env) => {
      const held = await env.probe(lockStatus(runDirectory(env.ctx), appScope(env.ctx)));
      env.ctx.print(held.code === 0 ? held.stdout.trim() : 'no lock');
    },
  };
}

/** `lock acquire -m MSG`: a manual lock, kept after the command ends. */
export function manualAcquireNode(dependsOn: string): TaskNode {
  return {
    id: 'lock:manual-acquire',
    title: 'acquire the deploy lock',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    scope: 'once',
    run: async (env) => {
      await take(env, message(env.ctx, 'Manual deploy lock'));
      env.ctx.print(`Acquired the deploy lock on ${env.host?.name ?? 'localhost'}`);
    },
  };
}

/** `lock release`: removes whatever lock is there. */
export function manualReleaseNode(dependsOn: string): TaskNode {
  return {
    id: 'lock:manual-release',
    title: 'release the deploy lock',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    scope: 'once',
    run: async (env) => {
      const held = await env.probe(lockStatus(runDirectory(env.ctx), appScope(env.ctx)));
      if (held.code !== 0) {
        env.ctx.print('no lock');
        return;
      }
      await env.run(releaseLock(runDirectory(env.ctx), appScope(env.ctx)));
      env.ctx.print(`Released the deploy lock on ${env.host?.name ?? 'localhost'}`);
    },
  };
}
