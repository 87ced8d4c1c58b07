/**
 * `app:stale`: before booting, stop running containers of each role whose version is not the
 * current one (leftovers of a failed deploy), as Kamal's `app stale_containers --stop`.
 */
import { APP_PLUGIN } from '../api.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { appRolesOn, roleScope } from '../context.js';
import { readBootAnswer, takeBootAnswer } from '../current-container.js';
import { appHosts } from '../context.js';
import { staleVersions, stopContainer } from '../commands.js';
import { containerName, versionFromContainerName } from '../naming.js';

export const STALE = 'app:stale';

/** Names of the role's stale running containers on the env's host. */
async function staleContainers(env: TaskEnv, role: string): Promise<string[]> {
  const scope = roleScope(env.ctx, role);
  // In a deploy the host setup asked both already; the boot takes the current container after this.
  const [names, current] = await Promise.all([takeBootAnswer(env, role, 'running'), readBootAnswer(env, role, 'current')]);
  const running = names.split('\n').filter(Boolean);
  return staleVersions(scope, running, versionFromContainerName(scope, current)).map((version) => containerName(scope, version));
}

export function staleNode(dependsOn: string[], action: 'stop' | 'print'): TaskNode {
  return {
    id: STALE,
    title: action === 'stop' ? 'stop stale containers' : 'stale containers',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const stale = (await Promise.all(appRolesOn(env.host!).map((role) => staleContainers(env, role)))).flat();
      if (action === 'print') {
        env.ctx.print(`${env.host!.name}: ${stale.length ? stale.join(' ') : '(no stale containers)'}`);
        return;
      }
      await Promise.all(stale.map((name) => env.run(stopContainer(name))));
    },
  };
}
