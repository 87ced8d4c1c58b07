/**
 * The accessories plugin: the services beside the app (databases, caches). It adds the
 * `gantry accessory …` graphs, boots missing accessories in `setup` before the app boots,
 * removes them in `remove`, and lists them in `details`. Accessories are never part of
 * `deploy`: a deploy leaves their containers, volumes and directories alone.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { requireNetwork } from '../docker/api.js';
import { confirmRemoval } from './confirm.js';
import { ACCESSORY_GRAPHS, ACCESSORY_OPTIONS } from './graphs.js';
import { PLUGIN_NAME, accessoryNode, boot, details, exec, reboot, remove, start, stop, type AccessoryTask } from './nodes.js';
import { selectedAccessories } from './settings.js';
import { GantryError } from '../../core/errors.js';
import { logsNode } from '../logs/api.js';
import { accessoryRules } from './rules.js';

type Tap = (builder: GraphBuilder, ctx: RunContext) => void;

/** Steps that run the container: they wait for the host's network step (shared with the proxy and the app). */
const JOINS_NETWORK: ReadonlySet<AccessoryTask> = new Set([boot, reboot]);

/** Each accessory's nodes, in order, between the graph's `locked` and `finished` anchors. */
function commandTap(graph: string, steps: readonly [verb: string, task: AccessoryTask][], firstHostOnly?: (ctx: RunContext) => boolean): Tap {
  return (builder, ctx) => {
    const { locked, finished } = anchorsOf(graph);
    // `accessory …` graphs take NAME|all; the top-level graphs (remove, details) take them all.
    const name = graph.startsWith('accessory ') ? ctx.options.name : 'all';
    for (const accessory of selectedAccessories(ctx, name)) {
      let previous = locked;
      for (const [verb, task] of steps) {
        const node = accessoryNode(verb, accessory, task, firstHostOnly?.(ctx));
        builder.between(previous, node, finished);
        if (JOINS_NETWORK.has(task)) requireNetwork(builder, node.id, [locked], accessory.network);
        previous = node.id;
      }
    }
  };
}

/**
 * `accessory logs NAME|all`: the shared log reader (as `app logs`, `proxy logs`) on each of the
 * accessory's hosts; with several accessories each line also names its accessory.
 */
function addLogs(builder: GraphBuilder, ctx: RunContext): void {
  const { locked, finished } = anchorsOf('accessory logs');
  const accessories = selectedAccessories(ctx, ctx.options.name);
  for (const accessory of accessories) {
    const node = logsNode({
      id: `accessory:logs:${accessory.name}`,
      title: `logs accessory ${accessory.name}`,
      plugin: PLUGIN_NAME,
      dependsOn: [],
      selectHosts: () => accessory.hosts,
      containers: async () => [accessory.service],
      ...(accessories.length > 1 ? { source: accessory.name } : {}),
    });
    builder.between(locked, node, finished);
  }
}

const GRAPH_TAPS: Record<string, Tap> = {
  'accessory boot': commandTap('accessory boot', [['boot', boot]]),
  'accessory reboot': commandTap('accessory reboot', [['reboot', reboot]]),
  'accessory start': commandTap('accessory start', [['start', start]]),
  'accessory stop': commandTap('accessory stop', [['stop', stop]]),
  'accessory restart': commandTap('accessory restart', [['stop', stop], ['start', start]]),
  'accessory details': commandTap('accessory details', [['details', details]]),
  'accessory exec': (builder, ctx) => {
    if (ctx.options.interactive && ctx.options.name === 'all') throw new GantryError('accessory exec -i attaches your terminal to one accessory: name it instead of all');
    commandTap('accessory exec', [['exec', exec]], (c) => Boolean(c.options.interactive))(builder, ctx);
  },
  'accessory logs': addLogs,
  'accessory remove': commandTap('accessory remove', [['remove', remove]]),
  remove: commandTap('remove', [['remove', remove]]),
  details: commandTap('details', [['details', details]]),
};

/**
 * `setup`: the accessories boot (where they have no container) one after another, in config
 * order, once the lock is held and before the deploy's ready gate, so before the app boots
 * (as in Kamal, where setup boots them before deploying). They run beside the build and pull.
 */
function bootInSetup(builder: GraphBuilder, ctx: RunContext): void {
  let previous: string = DEPLOY.locked;
  for (const accessory of selectedAccessories(ctx, 'all')) {
    const node = accessoryNode('boot', accessory, boot);
    builder.between(previous, node, DEPLOY.ready);
    requireNetwork(builder, node.id, [DEPLOY.locked], accessory.network);
    previous = node.id;
  }
}

export const accessoriesPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.validateConfig.tap(PLUGIN_NAME, accessoryRules);
    engine.hooks.graphs.tap(PLUGIN_NAME, (registry) => {
      for (const decl of ACCESSORY_GRAPHS) registry.set(decl.name, decl);
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      for (const [graph, options] of Object.entries(ACCESSORY_OPTIONS)) for (const option of options) addGraphOption(decls, graph, option);
    });
    for (const [graph, tap] of Object.entries(GRAPH_TAPS)) engine.hooks.graph.for(graph).tap(PLUGIN_NAME, tap);
    engine.hooks.graph.for('setup').tap(PLUGIN_NAME, bootInSetup);
    engine.hooks.validateGraph.tap(PLUGIN_NAME, (graph, ctx) => {
      if (graph.decl.name === 'accessory remove') confirmRemoval(ctx, selectedAccessories(ctx));
    });
  },
});
