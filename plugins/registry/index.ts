/**
 * Registry logins: locally before the build, on every host before the pull, and the
 * `registry login` / `registry logout` commands. `remove` logs the hosts out.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { TaskNode } from '../../core/graph/model.js';
import { loginLocalNode, loginNode, logoutLocalNode, logoutNode } from './nodes.js';

const skipPush: TaskNode['skip'] = (ctx) => (ctx.options.skipPush ? '--skip-push' : false);
const skipLocal: TaskNode['skip'] = (ctx) => (ctx.options.skipLocal ? '--skip-local' : false);
const skipRemote: TaskNode['skip'] = (ctx) => (ctx.options.skipRemote ? '--skip-remote' : false);

/** Adds `node` (its dependsOn already set) and makes `before` wait for it. */
function between(builder: GraphBuilder, node: TaskNode, before: string): void {
  builder.add(node).addDependency(before, node.id);
}

export const registryPlugin = definePlugin({
  name: 'registry',
  apply(engine) {
    engine.hooks.graphs.tap('registry', (decls) => {
      for (const verb of ['login', 'logout']) {
        const name = `registry ${verb}`;
        decls.set(name, { name, description: `Log ${verb === 'login' ? 'in to' : 'out of'} the registry locally and on every host`, goals: [anchorsOf(name).done] });
      }
    });
    engine.hooks.graph.for('deploy').tap('registry', (builder) => {
      between(builder, loginLocalNode([DEPLOY.start], skipPush), DEPLOY.built);
      between(builder, loginNode([DEPLOY.start]), DEPLOY.pulled);
    });
    engine.hooks.graph.for('registry login').tap('registry', (builder) => {
      const a = anchorsOf('registry login');
      between(builder, loginLocalNode([a.locked], skipLocal), a.finished);
      between(builder, loginNode([a.locked], skipRemote), a.finished);
    });
    engine.hooks.graph.for('registry logout').tap('registry', (builder) => {
      const a = anchorsOf('registry logout');
      between(builder, logoutLocalNode([a.locked], skipLocal), a.finished);
      between(builder, logoutNode([a.locked], skipRemote), a.finished);
    });
    engine.hooks.graph.for('remove').tap('registry', (builder) => {
      const a = anchorsOf('remove');
      between(builder, logoutNode([a.locked]), a.finished);
    });
  },
});
