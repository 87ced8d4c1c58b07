/**
 * `app:rollback-check`: a rollback boots a new container from `repo:<version>`, which is only
 * known to be on a host while a container of that version (running or stopped) is kept there.
 * Every host checks before any host boots (`app:rollback-checked` anchor). The question is the
 * host setup's own (is there a container with the version's name?): the check reads its answer
 * when the graph has a host setup, and asks Docker itself otherwise.
 */
import { APP_PLUGIN } from '../api.js';
import { GantryError } from '../../../core/errors.js';
import type { TaskNode } from '../../../core/graph/model.js';
import { readBootAnswer } from '../current-container.js';
import { appHosts, appRolesOn, roleScope } from '../context.js';
import { containerName } from '../naming.js';

export const ROLLBACK_CHECK = 'app:rollback-check';
export const ROLLBACK_CHECKED = 'app:rollback-checked';

export function rollbackCheckNode(dependsOn: string[]): TaskNode {
  return {
    id: ROLLBACK_CHECK,
    title: 'check rollback version',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const { ctx } = env;
      const host = env.host!;
      const names = appRolesOn(host).map((role) => ({ role, name: containerName(roleScope(ctx, role), ctx.version) }));
      // `<id> <state>` of the container with that name, or nothing; kept for the boot.
      const found = await Promise.all(names.map(({ role }) => readBootAnswer(env, role, 'clashing')));
      const missing = names.filter((_, i) => !found[i]);
      if (!missing.length) return;
      const list = missing.map(({ role, name }) => `${role} (${name})`).join(', ');
      throw new GantryError(
        `${host.name}: cannot roll back to ${ctx.version}: no container of that version for role ${list}; only versions whose containers are still on every host can be rolled back to`,
      );
    },
  };
}
