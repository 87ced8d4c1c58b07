/**
 * `app:remove`: stop and remove the app's containers (this destination's only), its `latest`
 * tag, the version tags no container uses any more, and its directory, on each host. Other
 * destinations' containers, images and `latest-<dest>` tags stay as they are.
 */
import type { TaskNode } from '../../../core/graph/model.js';
import { APP_PLUGIN, type AppHooks } from '../api.js';
import { appHosts, appRolesOn, appScope, latestImage, runDirectory } from '../context.js';
import { dropRoute } from './lifecycle.js';
import { pruneDanglingImages, pruneTaggedImages } from '../../prune/api.js';
import { removeDirectoryIfPresent, stopAppContainers } from '../bulk-commands.js';
import { removeAppContainers, untagImage } from '../commands.js';
import { appDirectory } from '../paths.js';

export const REMOVE = 'app:remove';

/** `hooks`: drop each proxied role's route first (`app remove`; `remove` has the proxy's own node for it). */
export function removeNode(dependsOn: string[], hooks?: AppHooks): TaskNode {
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
      if (hooks) for (const role of appRolesOn(env.host!)) await dropRoute(env, role, hooks);
      await env.run(stopAppContainers(scope));
      await env.run(removeAppContainers(scope));
      // Absent when this destination never finished a deploy here.
      await env.probe(untagImage(latestImage(ctx)));
      await env.run(pruneTaggedImages(scope.service));
      await env.run(pruneDanglingImages(scope.service));
      await env.run(removeDirectoryIfPresent(appDirectory(runDirectory(ctx), scope)));
    },
  };
}
