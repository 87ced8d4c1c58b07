/**
 * The boot as graph nodes, so `gantry graph deploy` shows every wait. Per rolling group k
 * (`boot.limit`; one group without a limit, ids then without the `-k`):
 *
 *   app:boot-group-k (local: pre-app-boot) → app:boot-k (per host: the primary role)
 *                                          → app:boot-others-k (per host: other roles; after app:barrier)
 *   → app:group-booted-k (local: post-app-boot, `boot.wait`) → app:boot-group-(k+1) …
 *
 * `app:barrier` (local) waits until a primary-role container is healthy somewhere, so no other
 * role starts its new container before that (Kamal's barrier). With `boot.barrier: switch` the
 * other roles start at once and only their switch waits, inside their boot (`bootRole`); the
 * barrier node then only reports a closed barrier.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError, GantryError } from '../../../core/errors.js';
import type { GraphBuilder } from '../../../core/graph/builder.js';
import type { RunContext, TaskEnv, TaskNode } from '../../../core/graph/model.js';
import type { Host } from '../../../core/hosts.js';
import { APP_PLUGIN, type AppHooks } from '../api.js';
import { barrierOf, bootRun } from '../barrier.js';
import { UNDO_BOOT, undoBootNode } from './undo-boot.js';
import { bootRole, type BootHow } from '../boot-role.js';
import { ensureEnvDirectory } from '../commands.js';
import { appHosts, appRolesOn, appScope, primaryRole, runDirectory } from '../context.js';
import { bootQuery, keepBootAnswer, type BootQuestion } from '../current-container.js';
import { renderEnvFile } from '../env-file.js';
import { secretValues } from '../env.js';
import { bootGroups } from '../groups.js';
import { envFilePath } from '../paths.js';
import { roleSettings } from '../settings.js';

export const BARRIER = 'app:barrier';
export { UNDO_BOOT };
export const HOST_SETUP = 'app:host-setup';

/** Where the boot attaches: it starts after `after` (and, per host, `hostReady`). */
export interface BootSlot {
  after: string[];
  /** A per-host anchor (e.g. `deploy:prepared`) a host's boot waits for on that host only. */
  hostReady?: string;
}

/** Ids of one rolling group's nodes. */
function groupIds(k: number, count: number) {
  const suffix = count > 1 ? `-${k + 1}` : '';
  return {
    start: `app:boot-group${suffix}`,
    primary: `app:boot${suffix}`,
    others: `app:boot-others${suffix}`,
    booted: `app:group-booted${suffix}`,
  };
}

/** The first node of the boot (a rollback's check makes it wait). */
export function firstBootNode(ctx: RunContext): string {
  return groupIds(0, groupsOf(ctx).length).start;
}

function groupsOf(ctx: RunContext): Host[][] {
  return bootGroups(appHosts(ctx), ctx.config.config.boot?.limit);
}

/** Adds the boot nodes; returns the ids that "booted" waits for. */
export function addBoot(builder: GraphBuilder, ctx: RunContext, hooks: AppHooks, slot: BootSlot): string[] {
  const groups = groupsOf(ctx);
  const hostReady = slot.hostReady ? [slot.hostReady] : [];
  const primary = primaryRole(ctx);
  const hosts = appHosts(ctx);
  // Nothing to hold when no primary container boots, or nothing waits.
  const waits = hosts.some((h) => appRolesOn(h).includes(primary)) && hosts.some((h) => appRolesOn(h).some((r) => r !== primary));
  builder.add(barrierNode([groupIds(0, groups.length).start], waits));
  const switchOnly = ctx.config.config.boot?.barrier === 'switch';
  // Non-primary roles: held back at the start (a graph edge), or only at the switch (in the boot).
  const othersWait = switchOnly ? [] : [BARRIER];
  const others = { awaitBarrier: switchOnly && waits && !ctx.dryRun };
  const ends: string[] = [];
  let previous = slot.after;
  for (const [k, group] of groups.entries()) {
    const ids = groupIds(k, groups.length);
    const event = { index: k, count: groups.length, hosts: group.map((h) => h.name) };
    const inGroup = (_ctx: RunContext, hosts: readonly Host[]) => hosts.filter((h) => group.includes(h));
    builder.add(localNode(ids.start, `boot group ${k + 1}/${groups.length}`, previous, (env) => hooks.bootGroup.promise(env, { phase: 'pre', ...event })));
    builder.add({
      ...roleBootNode(ids.primary, `boot ${primary}`, [ids.start, ...hostReady], hooks, (role) => role === primary, { awaitBarrier: false }),
      selectHosts: (c, hosts) => inGroup(c, hosts).filter((h) => appRolesOn(h).includes(primary)),
    });
    // Roles on one host boot one after another unless `boot.parallel_roles`.
    const sameHost = ctx.config.config.boot?.parallel_roles ? [] : [ids.primary];
    builder.add({
      ...roleBootNode(ids.others, 'boot other roles', [ids.start, ...othersWait, ...hostReady, ...sameHost], hooks, (role) => role !== primary, others),
      selectHosts: (c, hosts) => inGroup(c, hosts).filter((h) => appRolesOn(h).some((r) => r !== primary)),
    });
    const last = k === groups.length - 1;
    builder.add(
      // With `switch` nothing else waits for the barrier node: the first group's end does.
      localNode(ids.booted, `group ${k + 1}/${groups.length} booted`, [ids.primary, ids.others, ...(k === 0 && switchOnly ? [BARRIER] : [])], async (env) => {
        await hooks.bootGroup.promise(env, { phase: 'post', ...event });
        if (last) bootRun(env.ctx).ledger.completed = true;
        const waitMs = (ctx.config.config.boot?.wait ?? 0) * 1000;
        if (waitMs && !last && !env.ctx.dryRun) await pause(waitMs, env.signal);
      }),
    );
    previous = [ids.booted];
    ends.push(ids.booted);
  }
  // After a failure or an interrupt: stop unfinished boots, roll back switched roles.
  builder.add(undoBootNode(groups.flatMap((_, k) => Object.values(groupIds(k, groups.length))), hooks));
  return ends;
}

/**
 * Once per host before any of its roles boots (after the host's network step: requireNetwork):
 * the env directory, then each role's env file, and meanwhile the questions the stale check and
 * the boots ask (`questions`, per role; kept for them). It only reads and writes the env files,
 * so it runs as soon as the lock is held, alongside the pull.
 */
export function hostSetupNode(dependsOn: string[], questions: readonly BootQuestion[]): TaskNode {
  return {
    id: HOST_SETUP,
    title: 'app host setup',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const { ctx } = env;
      const roles = appRolesOn(env.host!);
      const envFiles = env.run(ensureEnvDirectory(runDirectory(ctx), appScope(ctx))).then(() => Promise.all(roles.map((role) => uploadEnvFile(env, role))));
      const answers = roles.flatMap((role) =>
        questions.map(async (question) => keepBootAnswer(env, role, question, await env.capture(bootQuery(env, role, question)))),
      );
      await Promise.all([envFiles, ...answers]);
    },
  };
}

/** The role's secrets, only ever in this 0600 file on the host, never on a command line. */
function uploadEnvFile(env: TaskEnv, role: string): Promise<void> {
  const { ctx } = env;
  const settings = roleSettings(ctx, role, env.host!);
  const secrets = secretValues(settings.env.secret, (secret) => ctx.config.secrets.get(secret));
  return env.upload(renderEnvFile(secrets), envFilePath(runDirectory(ctx), appScope(ctx), role), 0o600);
}

function localNode(id: string, title: string, dependsOn: string[], run: (env: TaskEnv) => Promise<void>): TaskNode {
  return { id, title, plugin: APP_PLUGIN, dependsOn, scope: 'local', run };
}

function roleBootNode(id: string, title: string, dependsOn: string[], hooks: AppHooks, picks: (role: string) => boolean, how: BootHow): TaskNode {
  return {
    id,
    title,
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    run: async (env) => {
      const host = env.host!;
      bootRun(env.ctx).ledger.began(host.name);
      const roles = appRolesOn(host).filter(picks);
      if (!env.ctx.config.config.boot?.parallel_roles) {
        for (const role of roles) await bootRole(env, host, role, hooks, how);
        return;
      }
      const failures = (await Promise.allSettled(roles.map((role) => bootRole(env, host, role, hooks, how)))).flatMap((r) =>
        r.status === 'rejected' ? [r.reason as Error] : [],
      );
      if (failures.length === 1) throw failures[0];
      if (failures.length) throw new GantryError(failures.map((f) => f.message).join('\n'));
    },
  };
}

function barrierNode(dependsOn: string[], waits: boolean): TaskNode {
  return {
    id: BARRIER,
    title: 'barrier: a primary container is healthy',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'local',
    // A dry run has one task slot (the primary boot it would wait for has already run).
    skip: (ctx) => (ctx.dryRun ? 'dry run' : waits ? false : 'no primary role and other roles booting together'),
    run: (env) => barrierOf(env.ctx).wait(env.signal),
  };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new AbortedError();
  }
}
