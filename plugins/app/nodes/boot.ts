/**
 * `app:boot` (per host: its roles, one after another unless `boot.parallel_roles`) and
 * `app:boot-groups` (local: drives the rolling groups and runs the group hooks locally).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError, GantryError } from '../../../core/errors.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import type { Host } from '../../../core/hosts.js';
import { and } from '../../../core/transport/quote.js';
import { ensureNetwork } from '../../docker/commands.js';
import { appRolesOn, appScope, primaryRole, runDirectory } from '../../deploy-context.js';
import { HOOK_SERVICE, type HookService } from '../../hooks/index.js';
import { service } from '../../services.js';
import { bootRole } from '../boot-role.js';
import { appHosts, bootState } from '../boot-state.js';
import { ensureEnvDirectory } from '../commands.js';

export const BOOT = 'app:boot';
export const BOOT_GROUPS = 'app:boot-groups';

export function bootNode(dependsOn: string[]): TaskNode {
  return {
    id: BOOT,
    title: 'boot app',
    plugin: 'app',
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const host = env.host!;
      const { coordinator, ledger } = bootState(env.ctx);
      await coordinator.enter(host.name, env.signal);
      ledger.began(host.name);
      try {
        await bootHost(env, host);
      } catch (error) {
        coordinator.leave(host.name, false);
        throw error;
      }
      coordinator.leave(host.name, true);
    },
  };
}

async function bootHost(env: TaskEnv, host: Host): Promise<void> {
  const { ctx } = env;
  // One round trip for what every role on the host needs first.
  await env.run(and(ensureNetwork(), ensureEnvDirectory(runDirectory(ctx), appScope(ctx))));
  const primary = primaryRole(ctx);
  const roles = [...appRolesOn(host)].sort((a, b) => Number(b === primary) - Number(a === primary));
  if (!ctx.config.config.boot?.parallel_roles) {
    for (const role of roles) await bootRole(env, host, role);
    return;
  }
  const failures = (await Promise.allSettled(roles.map((role) => bootRole(env, host, role)))).flatMap((r) =>
    r.status === 'rejected' ? [r.reason as Error] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length) throw new GantryError(failures.map((f) => f.message).join('\n'));
}

export function bootGroupsNode(dependsOn: string[]): TaskNode {
  return {
    id: BOOT_GROUPS,
    title: 'boot groups',
    plugin: 'app',
    dependsOn,
    scope: 'local',
    // A dry run has one task slot: hosts do not wait at gates, so there is nothing to drive.
    skip: (ctx) => (ctx.dryRun ? 'dry run: boot groups are not sequenced' : false),
    run: async (env) => {
      const { ctx } = env;
      const { coordinator, ledger } = bootState(ctx);
      const hook = service<HookService>(ctx, HOOK_SERVICE);
      const waitMs = (ctx.config.config.boot?.wait ?? 0) * 1000;
      for (const [index, group] of coordinator.groups.entries()) {
        const extra = { HOSTS: group.join(',') };
        // A failing hook halts the coordinator through the plugin's taskFailed tap.
        await hook?.(env, 'pre-app-boot', extra);
        coordinator.open(index);
        await coordinator.ended(index, env.signal);
        await hook?.(env, 'post-app-boot', extra);
        if (waitMs && index < coordinator.groups.length - 1) await pause(waitMs, env.signal);
      }
      ledger.completed = true;
    },
  };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new AbortedError();
  }
}
