/**
 * The proxy plugin's nodes. perHost nodes run on the hosts of proxied roles only; each graph's
 * nodes sit between its `locked` and `finished` anchors, in order.
 */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { GantryError } from '../../core/errors.js';
import { PROXY_PLUGIN, type ProxyHooks } from './api.js';
import { driverFor } from './drivers.js';
import { proxiedRoles } from './settings.js';

export type HostTask = (env: TaskEnv) => Promise<void>;

export function proxyNode(ctx: RunContext, id: string, title: string, run: HostTask, hosts?: readonly Host[]): TaskNode {
  return {
    id,
    title,
    plugin: PROXY_PLUGIN,
    dependsOn: [],
    scope: 'perHost',
    roles: proxiedRoles(ctx),
    ...(hosts ? { selectHosts: (_ctx: RunContext, selected: readonly Host[]) => selected.filter((h) => hosts.includes(h)) } : {}),
    run,
  };
}

/** Inserts nodes one after another right after `after`. */
export function chain(builder: GraphBuilder, after: string, nodes: readonly TaskNode[]): void {
  let previous = after;
  for (const node of nodes) {
    builder.insertAfter(previous, node);
    previous = node.id;
  }
}

/** The host's roles that go through the proxy. */
export function proxiedRolesOn(env: TaskEnv): string[] {
  const proxied = proxiedRoles(env.ctx);
  return (env.host?.roles ?? []).filter((role) => proxied.includes(role));
}

export const bootProxy: HostTask = (env) => driverFor(env.ctx).boot(env);

/** Deploy: boots the proxy, then refuses before any container starts if another app has the role's routes. */
export const bootProxyForDeploy: HostTask = async (env) => {
  const driver = driverFor(env.ctx);
  if (driver.bootForDeploy) return driver.bootForDeploy(env, proxiedRolesOn(env));
  await driver.boot(env);
  for (const role of proxiedRolesOn(env)) await driver.refuseSharedRoutes(env, role);
};

/** Prints a command's output under its host, as Kamal's `Proxy Host: …`. */
export function printed(read: (env: TaskEnv) => Promise<string>): HostTask {
  return async (env) => env.ctx.print(`Proxy Host: ${env.host?.name}\n${await read(env)}`);
}

export const removeProxy: HostTask = async (env) => {
  const driver = driverFor(env.ctx);
  const blocker = await driver.removalBlocker(env);
  if (blocker) throw new GantryError(`not removing the proxy: ${blocker} (remove those apps first)`);
  await driver.remove(env);
};

/** `remove`: once this app's routes are gone, a proxy no other app uses goes too (this app's directory may still be there). */
export const removeUnusedProxy: HostTask = async (env) => {
  const driver = driverFor(env.ctx);
  const blocker = await driver.removalBlocker(env, true);
  if (blocker) env.output(`proxy stays: ${blocker}`);
  else await driver.remove(env);
};

export const removeRoutes: HostTask = async (env) => {
  for (const role of proxiedRolesOn(env)) await driverFor(env.ctx).removeRoute(env, role);
};

export const maintenance: HostTask = async (env) => {
  const message = typeof env.ctx.options.message === 'string' ? env.ctx.options.message : undefined;
  for (const role of proxiedRolesOn(env)) await driverFor(env.ctx).maintenance(env, role, message);
};

export const live: HostTask = async (env) => {
  for (const role of proxiedRolesOn(env)) await driverFor(env.ctx).live(env, role);
};

/** A local node calling the reboot hook (the hooks plugin runs the pre/post-proxy-reboot scripts). */
export function rebootHookNode(hooks: ProxyHooks, id: string, phase: 'pre' | 'post', hosts: readonly Host[]): TaskNode {
  return {
    id,
    title: `hook ${phase}-proxy-reboot`,
    plugin: PROXY_PLUGIN,
    dependsOn: [],
    scope: 'local',
    run: (env) => hooks.reboot.promise(env, { phase, hosts: hosts.map((h) => h.name) }),
  };
}
