/**
 * What every deploy plugin derives from the run the same way: the app's scope (service +
 * destination), image references, the run directory on hosts, and each role's settings.
 */
import type { RunContext } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { roleNamesOf } from '../../core/inventory.js';
import type { GantryConfig } from '../../schemas/index.js';
import { imageRef, latestTag, repository } from '../docker/api.js';
import type { AppScope, RoleScope } from './naming.js';

export function appScope(ctx: RunContext): AppScope {
  return { service: ctx.config.config.service, destination: ctx.destination };
}

export function roleScope(ctx: RunContext, role: string): RoleScope {
  return { ...appScope(ctx), role };
}

/** `<registry>/<image>` (image falls back to the service name). */
export function appRepository(ctx: RunContext): string {
  const { config } = ctx.config;
  return repository(config.registry?.server, config.image ?? config.service);
}

/** `<repository>:<version>` of the version this run deploys. */
export function versionImage(ctx: RunContext, version = ctx.version): string {
  return imageRef(appRepository(ctx), version);
}

/** `<repository>:latest[-<destination>]`. */
export function latestImage(ctx: RunContext): string {
  return imageRef(appRepository(ctx), latestTag(ctx.destination));
}

/** State directory on hosts, relative to the SSH user's home (Kamal's `.kamal`). */
export function runDirectory(ctx: RunContext): string {
  return ctx.config.config.run_directory ?? '.kamal';
}

type RoleSection = Exclude<Extract<GantryConfig['servers'], Record<string, unknown>>[string], unknown[]>;

/** A role's own settings block (empty for a role written as a plain host list). */
export function roleSection(ctx: RunContext, role: string): Partial<RoleSection> {
  const { servers } = ctx.config.config;
  if (Array.isArray(servers)) return {};
  const section = servers[role];
  return section && !Array.isArray(section) ? section : {};
}

/** Roles the run deploys on this host (the host's roles, as narrowed by --roles). */
export function appRolesOn(host: Host): string[] {
  return host.roles;
}

/** The primary role: booted first; the barrier waits for its first healthy container. */
export function primaryRole(ctx: RunContext): string {
  return ctx.config.config.primary_role ?? 'web';
}

/**
 * Whether a role's traffic goes through the proxy: as Kamal, on by default for the primary
 * role only; a role's `proxy: true` or settings hash turns it on, `proxy: false` off.
 */
export function isProxied(ctx: RunContext, role: string): boolean {
  const own = roleSection(ctx, role).proxy;
  if (own === false) return false;
  if (own !== undefined) return true;
  return role === primaryRole(ctx);
}

/** Every role of the app (a plain host list is the `web` role, as Kamal). */
export function allRoles(ctx: RunContext): string[] {
  return roleNamesOf(ctx.config.config.servers);
}

/** Hosts with app roles in this run, primary-role hosts first (the run's host order otherwise). */
export function appHosts(ctx: RunContext, hosts: readonly Host[] = ctx.hosts): Host[] {
  const withRoles = hosts.filter((host) => appRolesOn(host).length > 0);
  const primary = primaryRole(ctx);
  return [...withRoles.filter((h) => appRolesOn(h).includes(primary)), ...withRoles.filter((h) => !appRolesOn(h).includes(primary))];
}
