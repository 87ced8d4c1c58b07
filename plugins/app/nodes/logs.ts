/** `app logs`: the shared log reader over the current container of each role on each host. */
import type { TaskNode } from '../../../core/graph/model.js';
import { logsNode } from '../../logs/api.js';
import { appHosts, appRolesOn, latestImage, roleScope } from '../context.js';
import { APP_PLUGIN } from '../api.js';
import { currentContainer } from '../commands.js';

export function appLogsNode(dependsOn: string[]): TaskNode {
  return logsNode({
    id: 'app:logs',
    title: 'app logs',
    plugin: APP_PLUGIN,
    dependsOn,
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    containers: async (env) => {
      const names = await Promise.all(appRolesOn(env.host!).map((role) => env.capture(currentContainer(roleScope(env.ctx, role), latestImage(env.ctx), 'name'))));
      return names.filter(Boolean);
    },
  });
}
