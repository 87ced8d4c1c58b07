/**
 * `app:undo-boot` (per host, only after a failure or an interrupt, on a live signal so it still
 * reaches hosts after Ctrl-C, through a fresh connection when the old one dropped): stops the
 * containers this run started whose boot did not finish; then, when the rollout did not complete,
 * returns roles that already switched to the container they replaced (`boot.on_failure:
 * rollback`, the default; `keep` leaves them, as Kamal does) and reports what runs on the host.
 */
import type { TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { containerIdByName } from '../../docker/api.js';
import { APP_PLUGIN, type AppHooks } from '../api.js';
import { bootRun } from '../barrier.js';
import { appHosts, appRolesOn, latestImage, roleScope } from '../context.js';
import type { Takeover } from '../boot-ledger.js';
import { currentContainer, startContainer, stopContainer } from '../commands.js';
import { waitUntilHealthy } from '../health-check.js';
import { roleSettings } from '../settings.js';

export const UNDO_BOOT = 'app:undo-boot';

export function undoBootNode(dependsOn: string[], hooks: AppHooks): TaskNode {
  return {
    id: UNDO_BOOT,
    title: 'undo unfinished boot',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    when: 'failure',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      const { ctx } = env;
      const host = env.host!;
      const { ledger } = bootRun(ctx);
      for (const container of ledger.unsettled(host.name)) {
        await env.run(stopContainer(container));
        ledger.settled(host.name, container);
        ctx.log(`${host.name}: stopped ${container}: started by this run, its boot did not finish`);
      }
      // A host whose boot never began (the lock refused the deploy, the build failed) is as it was.
      if (ledger.completed || !ledger.beganOn(host.name)) return;
      const policy = ctx.config.config.boot?.on_failure ?? 'rollback';
      for (const takeover of ledger.takeoversOn(host.name)) {
        if (policy === 'rollback' && takeover.from) {
          await rollBack(env, takeover, hooks);
          ctx.log(`${host.name}: ${takeover.role} rolled back from ${takeover.to} to ${takeover.from} (boot.on_failure: rollback)`);
        }
      }
      for (const role of appRolesOn(host)) {
        const current = await env.capture(currentContainer(roleScope(ctx, role), latestImage(ctx), 'name'));
        ctx.log(`${host.name}: ${role} now runs ${current || 'nothing'}`);
      }
    },
  };
}

/** Starts the replaced container again, moves the role back to it, then stops the new one. */
async function rollBack(env: TaskEnv, { role, from, to, proxied }: Takeover, hooks: AppHooks): Promise<void> {
  const previous = from!;
  await env.run(startContainer(previous));
  let switched: true | undefined;
  if (proxied) {
    const id = await env.capture(containerIdByName(previous));
    switched = await hooks.trafficSwitch.promise(env, { role, container: previous, containerId: id.slice(0, 12), oldContainer: to });
  }
  if (!switched) await waitUntilHealthy(env, previous);
  await env.run(stopContainer(to, roleSettings(env.ctx, role, env.host!).stopTimeout));
}
