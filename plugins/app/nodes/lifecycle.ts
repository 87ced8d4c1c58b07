/**
 * `app start` / `app stop`: start the version's container of every role and register it with the
 * proxy again, or drop the role's route and then stop the current one (with the role's stop timeout).
 */
import { APP_PLUGIN, type AppHooks } from '../api.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { GantryError } from '../../../core/errors.js';
import { appHosts, appRolesOn, isProxied, latestImage, roleScope } from '../context.js';
import { currentContainer, startContainer, stopContainer } from '../commands.js';
import { containerIdByName } from '../../docker/api.js';
import { containerName } from '../naming.js';
import { roleSettings } from '../settings.js';

/**
 * The role's running container on `env.host`, its route dropped first when the role is proxied
 * (a role with no running container has no route to drop). Returns the container's name.
 */
export async function dropRoute(env: TaskEnv, role: string, hooks: AppHooks): Promise<string> {
  const current = await env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name'));
  if (current && isProxied(env.ctx, role)) await hooks.routeDrop.promise(env, role);
  return current;
}

const ACTIONS = {
  start: async (env: TaskEnv, role: string, hooks: AppHooks) => {
    const container = containerName(roleScope(env.ctx, role), env.ctx.version);
    await env.run(startContainer(container));
    // A started container serves only once the proxy routes to it again. (isUsed() is always
    // true here: the error-attribution interceptor counts as a use.)
    if (!isProxied(env.ctx, role) || !hooks.trafficSwitch.taps.length) return;
    const id = await env.capture(containerIdByName(container));
    if (!id) throw new GantryError(`${container} did not start on ${env.host!.name}: no container to route ${role} to`);
    await hooks.trafficSwitch.promise(env, { role, container, containerId: id.slice(0, 12) });
  },
  stop: async (env: TaskEnv, role: string, hooks: AppHooks) => {
    const current = await dropRoute(env, role, hooks);
    if (current) await env.run(stopContainer(current, roleSettings(env.ctx, role, env.host!).stopTimeout));
  },
};

export function lifecycleNode(action: keyof typeof ACTIONS, dependsOn: string[], hooks: AppHooks): TaskNode {
  return {
    id: `app:${action}`,
    title: `${action} app`,
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      await Promise.all(appRolesOn(env.host!).map((role) => ACTIONS[action](env, role, hooks)));
    },
  };
}
