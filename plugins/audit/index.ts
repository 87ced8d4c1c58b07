/**
 * The audit trail: a line per host after a deploy boots (or a rollback, prune, remove), and the
 * `audit` command.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import { PLUGIN_NAME, recordNode, showNode } from './nodes.js';

function record(builder: GraphBuilder, node: TaskNode, before: string): void {
  builder.add(node).addDependency(before, node.id);
}

const deployed = (ctx: RunContext) => (ctx.graph === 'rollback' ? `Rolled back to ${ctx.version}` : `Deployed ${ctx.version}`);

export const auditPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      decls.set('audit', { name: PLUGIN_NAME, description: 'Show the last 50 lines of the audit log of every host', goals: [anchorsOf('audit').done] });
    });
    engine.hooks.graph.for('audit').tap(PLUGIN_NAME, (builder) => record(builder, showNode(anchorsOf('audit').locked), anchorsOf('audit').finished));
    // deploy's taps also build redeploy, rollback and setup.
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => record(builder, recordNode(DEPLOY.booted, deployed), DEPLOY.finished));
    engine.hooks.graph.for('prune').tap(PLUGIN_NAME, (builder) => record(builder, recordNode(anchorsOf('prune').locked, () => 'Pruned old containers and images'), anchorsOf('prune').finished));
    engine.hooks.graph.for('remove').tap(PLUGIN_NAME, (builder) => record(builder, recordNode(anchorsOf('remove').locked, () => 'Removed the app'), anchorsOf('remove').finished));
  },
});
