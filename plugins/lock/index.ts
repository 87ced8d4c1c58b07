/**
 * The deploy lock around every graph that changes hosts (`mutates`), custom graphs included,
 * and the `lock status` / `lock acquire` / `lock release` commands (which manage the lock
 * themselves, so they do not take it).
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { TaskNode } from '../../core/graph/model.js';
import { PLUGIN_NAME, lockNodes, manualAcquireNode, manualReleaseNode, statusNode } from './nodes.js';

const COMMANDS: Record<string, { description: string; node: (dependsOn: string) => TaskNode }> = {
  'lock status': { description: 'Show who holds the deploy lock', node: statusNode },
  'lock acquire': { description: 'Take the deploy lock by hand (-m MESSAGE)', node: manualAcquireNode },
  'lock release': { description: 'Release the deploy lock', node: manualReleaseNode },
};

/** The graph's own anchors, or the deploy anchors for graphs extending deploy (redeploy, rollback, setup). */
function anchorsFor(builder: GraphBuilder, graph: string): { connected: string; locked: string; finished: string; done: string } {
  return builder.has(DEPLOY.connected) ? DEPLOY : anchorsOf(graph);
}

export const lockPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      for (const [name, { description }] of Object.entries(COMMANDS)) decls.set(name, { name, description, goals: [anchorsOf(name).done] });
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      for (const [name, decl] of decls) {
        if (!decl.mutates && name !== 'lock acquire') continue;
        addGraphOption(decls, name, { flags: '-m, --message <message>', description: 'the deploy lock’s message' });
        addGraphOption(decls, name, { flags: '--lock-wait <seconds>', description: 'when the deploy lock is held, wait up to this long for it instead of failing' });
      }
    });
    for (const [name, { node }] of Object.entries(COMMANDS)) {
      engine.hooks.graph.for(name).tap(PLUGIN_NAME, (builder) => {
        const a = anchorsOf(name);
        const added = node(a.locked);
        builder.add(added).addDependency(a.finished, added.id);
      });
    }
    engine.hooks.anyGraph.tap(PLUGIN_NAME, (builder, _ctx, decl) => {
      if (!decl.mutates) return;
      const a = anchorsFor(builder, decl.name);
      // Taken once connected: after the pre-connect hook, like everything that reaches a host.
      const { acquire, release } = lockNodes(a.connected);
      builder.add(acquire).addDependency(a.locked, acquire.id);
      const unlock = release(a.finished);
      builder.add(unlock).addDependency(a.done, unlock.id);
    });
  },
});
