/** `app:remove`: stop and remove the app's containers and images, and its directory, on each host. */
import { APP_PLUGIN } from '../api.js';
import type { TaskNode } from '../../../core/graph/model.js';
import { appScope, runDirectory } from '../context.js';
import { appHosts } from '../context.js';
import { removeDirectoryIfPresent, stopAppContainers } from '../bulk-commands.js';
import { removeAppContainers, removeAppImages } from '../commands.js';
import { appDirectory } from '../paths.js';

export const REMOVE = 'app:remove';

export function removeNode(dependsOn: string[]): TaskNode {
  return {
    id: REMOVE,
    title: 'remove app',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const { ctx } = env;
      const scope = appScope(ctx);
      await env.run(stopAppContainers(scope));
      await env.run(removeAppContainers(scope));
      await env.run(removeAppImages(scope.service));
      await env.run(removeDirectoryIfPresent(appDirectory(runDirectory(ctx), scope)));
    },
  };
}
