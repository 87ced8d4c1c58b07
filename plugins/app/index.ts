/**
 * The app plugin: boots the app's containers in deploy/redeploy/rollback/setup (stale
 * containers, per-host boot with the barrier and rolling groups, `latest` tag), checks a
 * rollback's version, removes the app in `remove`, and adds the `app …` commands.
 */
import { definePlugin } from '../../core/plugin.js';
import { STAGE_DEFAULT } from '../../core/hooks.js';
import { haltBoot } from './boot-state.js';
import { addDeployNodes, addDetailsNodes, addRemoveNodes, addRollbackCheck } from './deploy-nodes.js';
import { addAppGraph, APP_GRAPHS, appGraphDecls } from './graphs.js';

/**
 * Before the default stage: plugins that insertAfter(ready) at the default stage or later (the
 * pre-deploy hook, proxy boot, assets) then slot themselves in front of the app's nodes.
 */
const STAGE_BEFORE_DEFAULT = STAGE_DEFAULT - 10;

export const appPlugin = definePlugin({
  name: 'app',
  apply(engine) {
    engine.hooks.graphs.tap('app', (decls) => {
      for (const decl of appGraphDecls()) decls.set(decl.name, decl);
    });
    engine.hooks.graph.for('deploy').tap({ name: 'app', stage: STAGE_BEFORE_DEFAULT }, addDeployNodes);
    engine.hooks.graph.for('rollback').tap('app', addRollbackCheck);
    engine.hooks.graph.for('remove').tap('app', addRemoveNodes);
    engine.hooks.graph.for('details').tap('app', addDetailsNodes);
    for (const name of Object.keys(APP_GRAPHS)) engine.hooks.graph.for(name).tap('app', (builder, ctx) => addAppGraph(name, builder, ctx));
    // Any failure ends waiting: roles at the barrier and later boot groups give up instead of hanging.
    engine.hooks.taskFailed.tap('app', (node, _error, env) => haltBoot(env.ctx, `${node.id}${env.host ? ` on ${env.host.name}` : ''} failed`));
  },
});
