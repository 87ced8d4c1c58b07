/**
 * The app plugin: boots the app's containers in deploy/redeploy/rollback/setup (stale
 * containers, per-host boot with the barrier and rolling groups as graph nodes, `latest` tag),
 * checks a rollback's version, removes the app in `remove`, and adds the `app …` commands.
 * Other plugins extend it through `getAppHooks(engine)` (`api.ts`).
 */
import { definePlugin } from '../../core/plugin.js';
import { APP_PLUGIN, getAppHooks } from './api.js';
import { haltBoot } from './barrier.js';
import { addDeployNodes, addDetailsNodes, addRemoveNodes, addRollbackCheck } from './deploy-nodes.js';
import { addAppGraph, addAppGraphOptions, APP_GRAPHS, appGraphDecls } from './graphs.js';

export const appPlugin = definePlugin({
  name: APP_PLUGIN,
  apply(engine) {
    const hooks = getAppHooks(engine);
    engine.hooks.graphs.tap(APP_PLUGIN, (decls) => {
      for (const decl of appGraphDecls()) decls.set(decl.name, decl);
    });
    engine.hooks.graph.for('deploy').tap(APP_PLUGIN, (builder, ctx) => addDeployNodes(builder, ctx, hooks));
    engine.hooks.graph.for('rollback').tap(APP_PLUGIN, addRollbackCheck);
    engine.hooks.graphOptions.tap(APP_PLUGIN, addAppGraphOptions);
    engine.hooks.graph.for('remove').tap(APP_PLUGIN, addRemoveNodes);
    engine.hooks.graph.for('details').tap(APP_PLUGIN, addDetailsNodes);
    for (const name of Object.keys(APP_GRAPHS)) engine.hooks.graph.for(name).tap(APP_PLUGIN, (builder, ctx) => addAppGraph(name, builder, ctx, hooks));
    // Any failure closes the barrier: other roles never start their new containers after it.
    engine.hooks.taskFailed.tap(APP_PLUGIN, (node, _error, env) => haltBoot(env.ctx, `${node.id}${env.host ? ` on ${env.host.name}` : ''} failed`));
  },
});
