/**
 * The accessories plugin: the services beside the app (databases, caches). It adds the
 * `gantry accessory …` graphs, boots missing accessories in `setup` before the app boots,
 * removes them in `remove`, and lists them in `details`. Accessories are never part of
 * `deploy`: a deploy leaves their containers, volumes and directories alone.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { confirmRemoval } from './confirm.js';
import { ACCESSORY_GRAPHS } from './graphs.js';
import { accessoryNode, boot, details, exec, logs, reboot, remove, start, stop, type AccessoryTask } from './nodes.js';
import { selectedAccessories } from './settings.js';

type Tap = (builder: GraphBuilder, ctx: RunContext) => void;

/** Each accessory's nodes, in order, between the graph's `locked` and `finished` anchors. */
function commandTap(graph: string, steps: readonly [verb: string, task: AccessoryTask][], firstHostOnly?: (ctx: RunContext) => boolean): Tap {
  return (builder, ctx) => {
    const { locked, finished } = anchorsOf(graph);
    // `accessory …` graphs take NAME|all; the top-level graphs (remove, details) take them all.
    const name = graph.startsWith('accessory ') ? ctx.options.name : 'all';
    for (const accessory of selectedAccessories(ctx, name)) {
      let previous = locked;
      for (const [verb, task] of steps) {
        builder.add({ ...accessoryNode(verb, accessory, task, firstHostOnly?.(ctx)), dependsOn: [previous] });
        previous = `accessory:${verb}:${accessory.name}`;
      }
      builder.addDependency(finished, previous);
    }
  };
}

const GRAPH_TAPS: Record<string, Tap> = {
  'accessory boot': commandTap('accessory boot', [['boot', boot]]),
  'accessory reboot': commandTap('accessory reboot', [['reboot', reboot]]),
  'accessory start': commandTap('accessory start', [['start', start]]),
  'accessory stop': commandTap('accessory stop', [['stop', stop]]),
  'accessory restart': commandTap('accessory restart', [['stop', stop], ['start', start]]),
  'accessory details': commandTap('accessory details', [['details', details]]),
  'accessory exec': commandTap('accessory exec', [['exec', exec]]),
  'accessory logs': commandTap('accessory logs', [['logs', logs]], (ctx) => Boolean(ctx.options.follow)),
  'accessory remove': commandTap('accessory remove', [['remove', remove]]),
  remove: commandTap('remove', [['remove', remove]]),
  details: commandTap('details', [['details', details]]),
};

/**
 * `setup`: the accessories boot (where they have no container) one after another, in config
 * order, after the lock and before the app boots, as in Kamal.
 */
function bootInSetup(builder: GraphBuilder, ctx: RunContext): void {
  for (const accessory of selectedAccessories(ctx, 'all').reverse()) builder.insertAfter(DEPLOY.ready, accessoryNode('boot', accessory, boot));
}

export const accessoriesPlugin = definePlugin({
  name: 'accessories',
  apply(engine) {
    engine.hooks.graphs.tap('accessories', (registry) => {
      for (const decl of ACCESSORY_GRAPHS) registry.set(decl.name, decl);
    });
    for (const [graph, tap] of Object.entries(GRAPH_TAPS)) engine.hooks.graph.for(graph).tap('accessories', tap);
    engine.hooks.graph.for('setup').tap('accessories', bootInSetup);
    engine.hooks.validateGraph.tap('accessories', (graph, ctx) => {
      if (graph.decl.name === 'accessory remove') confirmRemoval(ctx, selectedAccessories(ctx));
    });
  },
});
