/**
 * `setup` installs Docker where it is missing before the deploy touches hosts (`server bootstrap`
 * does that alone), `server exec` runs a command line on hosts, and `remove` asks first (or refuses without `-y` when there is no terminal).
 */
import { definePlugin } from '../../core/plugin.js';
import { CONFIRM_OPTION, requireConfirmation } from '../../core/graph/confirm.js';
import { DEPLOY, addGraphOption } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import { getServerHooks, SERVER_PLUGIN, type ServerHooks } from './api.js';
import { BOOTSTRAP, DOCKER_SETUP, bootstrapNode, dockerSetupNode } from './nodes.js';
import { SERVER_GRAPHS, addServerBootstrap, addServerExec } from './graphs.js';
import { SERVER_EXEC_OPTIONS } from './exec.js';

/** Every node that reaches a host, and the ready anchor, waits for Docker to be there. */
function addBootstrap(builder: GraphBuilder, hooks: ServerHooks): void {
  builder.add(bootstrapNode([DEPLOY.connected]));
  builder.add(dockerSetupNode(hooks));
  for (const node of builder.all()) {
    if (node.scope !== 'local' && node.id !== BOOTSTRAP) builder.addDependency(node.id, DOCKER_SETUP);
  }
  builder.addDependency(DEPLOY.ready, DOCKER_SETUP);
}

export const serverPlugin = definePlugin({
  name: SERVER_PLUGIN,
  apply(engine) {
    const hooks = getServerHooks(engine);
    engine.hooks.graphs.tap(SERVER_PLUGIN, (decls) => {
      for (const decl of SERVER_GRAPHS) decls.set(decl.name, decl);
    });
    engine.hooks.graphOptions.tap(SERVER_PLUGIN, (decls) => {
      addGraphOption(decls, 'remove', CONFIRM_OPTION);
      for (const option of SERVER_EXEC_OPTIONS) addGraphOption(decls, 'server exec', option);
    });
    engine.hooks.graph.for('setup').tap(SERVER_PLUGIN, (builder) => addBootstrap(builder, hooks));
    engine.hooks.graph.for('server exec').tap(SERVER_PLUGIN, addServerExec);
    engine.hooks.graph.for('server bootstrap').tap(SERVER_PLUGIN, (builder) => addServerBootstrap(builder, hooks));
    engine.hooks.validateGraph.tap(SERVER_PLUGIN, (graph, ctx) => {
      if (graph.decl.name === 'remove') requireConfirmation(ctx, 'remove deletes the app from every host (containers, images, proxy routes, accessories; the proxy where no other app uses it)');
    });
  },
});
