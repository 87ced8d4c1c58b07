/** Read-only app commands: each host prints what it has (details, containers, images, version). */
import { APP_PLUGIN } from '../api.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { listContainers } from '../../docker/api.js';
import { appRepository, appRolesOn, appScope, latestImage, roleScope } from '../context.js';
import { appHosts } from '../context.js';
import { listAppImages } from '../bulk-commands.js';
import { appContainers, currentContainer } from '../commands.js';
import { appFilters, versionFromContainerName } from '../naming.js';

export type InspectWhat = 'details' | 'containers' | 'images' | 'version';

const SHOW: Record<InspectWhat, (env: TaskEnv) => Promise<string>> = {
  details: async (env) => {
    const tables = await Promise.all(
      appRolesOn(env.host!).map((role) => env.capture(listContainers({ filters: appFilters(roleScope(env.ctx, role)) }))),
    );
    return tables.join('\n');
  },
  containers: (env) => env.capture(appContainers(appScope(env.ctx))),
  images: (env) => env.capture(listAppImages(appRepository(env.ctx))),
  version: async (env) => {
    const versions = await Promise.all(appRolesOn(env.host!).map((role) => currentVersion(env, role)));
    const found = [...new Set(versions.filter((v): v is string => v !== undefined))];
    return found.length ? found.join(' ') : '(not running)';
  },
};

/** The version of the role's current container on the env's host. */
async function currentVersion(env: TaskEnv, role: string): Promise<string | undefined> {
  const scope = roleScope(env.ctx, role);
  return versionFromContainerName(scope, await env.capture(currentContainer(scope, latestImage(env.ctx), 'name')));
}

export function inspectNode(what: InspectWhat, dependsOn: string[]): TaskNode {
  return {
    id: `app:${what}`,
    title: `app ${what}`,
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const shown = await SHOW[what](env);
      env.ctx.print(what === 'version' ? `${env.host!.name}: ${shown}` : `${env.host!.name}:\n${shown}`);
    },
  };
}
