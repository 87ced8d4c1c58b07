/**
 * `app:stale`: before booting, stop running containers of each role whose version is not the
 * current one (leftovers of a failed deploy), as Kamal's `app stale_containers --stop`.
 */
import { APP_PLUGIN } from '../api.js';
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { appRolesOn, roleScope } from '../context.js';
import { rememberBootQueries, takeCurrentContainer } from '../current-container.js';
import { appHosts } from '../context.js';
import { runningContainerNames, staleVersions, stopContainer } from '../commands.js';
import { containerName, versionFromContainerName } from '../naming.js';

export const STALE = 'app:stale';

/** Names of the role's stale running containers on the env's host. */
async function staleContainers(env: TaskEnv, role: string, beforeBoot: boolean): Promise<string[]> {
  const scope = roleScope(env.ctx, role);
  // Before a boot, its own first questions go along (kept for it); a failed one fails here, as it would there.
  const kept = beforeBoot ? rememberBootQueries(env, role) : { current: takeCurrentContainer(env, role), clashing: undefined };
  const [names, current] = await Promise.all([env.capture(runningContainerNames(scope)), kept.current, kept.clashing]);
  const running = names.split('\n').filter(Boolean);
  return staleVersions(scope, running, versionFromContainerName(scope, current)).map((version) => containerName(scope, version));
}

/** `beforeBoot`: a boot of this version follows (deploy), which takes the answers it needs. */
export function staleNode(dependsOn: string[], action: 'stop' | 'print', beforeBoot = false): TaskNode {
  return {
    id: STALE,
    title: action === 'stop' ? 'stop stale containers' : 'stale containers',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const stale = (await Promise.all(appRolesOn(env.host!).map((role) => staleContainers(env, role, beforeBoot)))).flat();
      if (action === 'print') {
        env.ctx.print(`${env.host!.name}: ${stale.length ? stale.join(' ') : '(no stale containers)'}`);
        return;
      }
      await Promise.all(stale.map((name) => env.run(stopContainer(name))));
    },
  };
}
