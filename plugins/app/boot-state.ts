/**
 * The run-wide boot state, created by the graph tap (never at install): the barrier non-primary
 * roles wait at, the rolling-group coordinator, and the ledger of what the boots changed.
 */
import type { RunContext } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { Barrier } from '../../core/run/barrier.js';
import { appRolesOn, primaryRole } from '../deploy-context.js';
import { BootLedger } from './boot-ledger.js';
import { BootCoordinator } from './coordinator.js';
import { bootGroups } from './groups.js';

const BOOT_STATE = 'app:boot';

export interface BootState {
  barrier: Barrier;
  /** Whether this run boots the primary role anywhere; if not, nobody waits at the barrier. */
  primaryBooting: boolean;
  coordinator: BootCoordinator;
  ledger: BootLedger;
  /** Why the rollout stopped (a task failed): boots not yet switched must not switch. */
  halted?: string;
}

/** Hosts with app roles in this run, primary-role hosts first (the run's host order otherwise). */
export function appHosts(ctx: RunContext, hosts: readonly Host[] = ctx.hosts): Host[] {
  const withRoles = hosts.filter((host) => appRolesOn(host).length > 0);
  const primary = primaryRole(ctx);
  return [...withRoles.filter((h) => appRolesOn(h).includes(primary)), ...withRoles.filter((h) => !appRolesOn(h).includes(primary))];
}

export function createBootState(ctx: RunContext): void {
  const hosts = appHosts(ctx);
  const groups = bootGroups(
    hosts.map((h) => h.name),
    ctx.config.config.boot?.limit,
  );
  ctx.state.set(BOOT_STATE, {
    barrier: new Barrier(),
    primaryBooting: hosts.some((h) => appRolesOn(h).includes(primaryRole(ctx))),
    coordinator: new BootCoordinator(groups, !ctx.dryRun),
    ledger: new BootLedger(),
  } satisfies BootState);
}

export function bootState(ctx: RunContext): BootState {
  const state = ctx.state.get(BOOT_STATE) as BootState | undefined;
  if (!state) throw new Error('app boot state missing: the app plugin creates it in its graph tap');
  return state;
}

/** A task failed somewhere: waiting roles and later boot groups must not wait for it forever. */
export function haltBoot(ctx: RunContext, reason: string): void {
  const state = ctx.state.get(BOOT_STATE) as BootState | undefined;
  if (!state) return;
  state.halted ??= reason;
  state.barrier.close(reason);
  state.coordinator.halt(reason);
}
