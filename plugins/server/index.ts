/**
 * `setup` installs Docker where it is missing before the deploy touches hosts (`server bootstrap`
 * does that alone), `server exec` runs a command line on hosts, and `remove` refuses to run without `-y`.
 */
import { definePlugin } from '../../core/plugin.js';
import { GantryError } from '../../core/errors.js';
import { DEPLOY } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import { BOOTSTRAP, DOCKER_SETUP, bootstrapNode, dockerSetupNode } from './nodes.js';
import { SERVER_GRAPHS, addServerBootstrap, addServerExec } from './graphs.js';

/** The hooks plugin's pre-connect node, when there: no host is reached before it. */
const PRE_CONNECT = 'hooks:pre-connect';

/** Every node that reaches a host, and the ready anchor, waits for Docker to be there. */
function addBootstrap(builder: GraphBuilder): void {
  builder.add(bootstrapNode([DEPLOY.start, ...(builder.has(PRE_CONNECT) ? [PRE_CONNECT] : [])]));
  builder.add(dockerSetupNode());
  for (const node of builder.all()) {
    if (node.scope !== 'local' && node.id !== BOOTSTRAP) builder.addDependency(node.id, DOCKER_SETUP);
  }
  builder.addDependency(DEPLOY.ready, DOCKER_SETUP);
}

export const serverPlugin = definePlugin({
  name: 'server',
  apply(engine) {
    engine.hooks.graphs.tap('server', (decls) => {
      for (const decl of SERVER_GRAPHS) decls.set(decl.name, decl);
    });
    engine.hooks.graph.for('setup').tap('server', addBootstrap);
    engine.hooks.graph.for('server exec').tap('server', addServerExec);
    engine.hooks.graph.for('server bootstrap').tap('server', addServerBootstrap);
    engine.hooks.validateGraph.tap('server', (graph, ctx) => {
      if (graph.decl.name === 'remove' && !ctx.options.confirmed && !ctx.dryRun) {
        throw new GantryError('remove deletes the app from every host: pass -y to confirm');
      }
    });
  },
});
