/**
 * `app start` / `app stop`: start the version's container of every role, or stop the current
 * one (with the role's stop timeout).
 */
import { APP_PLUGIN } from '../api.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { appRolesOn, latestImage, roleScope } from '../context.js';
import { appHosts } from '../context.js';
import { currentContainer, startContainer, stopContainer } from '../commands.js';
import { containerName } from '../naming.js';
import { roleSettings } from '../settings.js';

const ACTIONS = {
  start: async (env: TaskEnv, role: string) => {
    await env.run(startContainer(containerName(roleScope(env.ctx, role), env.ctx.version)));
  },
  stop: async (env: TaskEnv, role: string) => {
    const current = await env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name'));
    if (current) await env.run(stopContainer(current, roleSettings(env.ctx, role, env.host!).stopTimeout));
  },
};

export function lifecycleNode(action: keyof typeof ACTIONS, dependsOn: string[]): TaskNode {
  return {
    id: `app:${action}`,
    title: `${action} app`,
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      await Promise.all(appRolesOn(env.host!).map((role) => ACTIONS[action](env, role)));
    },
  };
}
