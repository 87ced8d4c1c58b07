/**
 * Pruning after a deploy (once the app is booted and `latest` re-tagged) and the `prune`,
 * `prune containers` and `prune images` commands. Containers go first so the images they used
 * become removable in the same run; with both, one node does it from one container listing.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import { PLUGIN_NAME, bothNode, containersNode, imagesNode } from './nodes.js';

/** Adds the prune node after `after`, and makes `before` wait for it. */
function addPrune(builder: GraphBuilder, after: string, before: string, what: { containers: boolean; images: boolean }, omitFrom?: string[]): void {
  const omit = omitFrom ? { omitFrom } : {};
  const node = what.containers && what.images ? bothNode([]) : what.containers ? containersNode([]) : imagesNode([]);
  builder.between(after, { ...node, ...omit }, before);
}

const SUBCOMMANDS = {
  'prune containers': { description: 'Remove stopped containers beyond the retained ones', containers: true, images: false },
  'prune images': { description: 'Remove dangling and unused images of the app', containers: false, images: true },
};

export const prunePlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      for (const [name, { description }] of Object.entries(SUBCOMMANDS)) {
        decls.set(name, { name, description, goals: [anchorsOf(name).done], mutates: true });
      }
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      // redeploy and rollback do not prune (see below).
      for (const name of ['deploy', 'prune', 'prune containers']) addGraphOption(decls, name, { flags: '--retain <count>', description: 'stopped containers to keep', omitFrom: ['redeploy', 'rollback'] });
    });
    // After boot, so `latest` is already re-tagged when images are judged unused.
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => addPrune(builder, DEPLOY.booted, DEPLOY.finished, { containers: true, images: true }, ['redeploy', 'rollback']));
    engine.hooks.graph.for('prune').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('prune');
      addPrune(builder, a.locked, a.finished, { containers: true, images: true });
    });
    for (const [name, what] of Object.entries(SUBCOMMANDS)) {
      engine.hooks.graph.for(name).tap(PLUGIN_NAME, (builder) => {
        const a = anchorsOf(name);
        addPrune(builder, a.locked, a.finished, what);
      });
    }
  },
});
