/**
 * Named graphs declared in config (`graphs:`). Each step is a shell command on selected
 * roles/hosts, a built-in node, or a whole other graph; steps run in order unless a step
 * names its own `dependsOn`.
 */
import { definePlugin } from '../../core/plugin.js';
import type { Engine } from '../../core/engine.js';
import { GantryError } from '../../core/errors.js';
import { configProblem } from '../../core/config/problem.js';
import { childPointer } from '../../core/config/positions.js';
import { anchorsOf } from '../../core/graph/named.js';
import { prefixedCopy, stepNode, type CustomStep } from './steps.js';

export interface CustomGraph {
  description?: string;
  steps: CustomStep[];
}

export const customGraphsPlugin = definePlugin({
  name: 'custom-graphs',
  apply(engine: Engine) {
    const graphs = (engine.config?.config.graphs ?? {}) as Record<string, CustomGraph>;
    engine.hooks.graphs.tap('custom-graphs', (decls) => {
      const declared = [...decls.keys()];
      for (const [name, graph] of Object.entries(graphs)) {
        // A config graph adds a command; it never silently replaces one (or a group such as `lock`).
        const clash = declared.find((existing) => existing === name || existing.startsWith(`${name} `));
        if (clash && engine.config) {
          const what = clash === name ? `the built-in command "gantry ${name}"` : `the command group "gantry ${name}" (gantry ${clash})`;
          throw configProblem(engine.config, childPointer('/graphs', name), `this graph would replace ${what}: pick another name`);
        }
        decls.set(name, {
          name,
          description: graph.description ?? `custom graph: ${graph.steps.map((s) => s.id).join(' → ')}`,
          goals: [anchorsOf(name).done],
          mutates: true,
          // A built-in node, or a graph that boots a version, needs a real version.
          deploysVersion: graph.steps.some((s) => s.node !== undefined || (s.graph !== undefined && Boolean(decls.get(s.graph)?.deploysVersion))),
        });
      }
    });
    for (const [name, graph] of Object.entries(graphs)) {
      engine.hooks.graph.for(name).tap('custom-graphs', (builder, ctx) => {
        const anchors = anchorsOf(name);
        let previous = anchors.locked;
        for (const step of graph.steps) {
          const dependsOn = step.dependsOn ?? [previous];
          if (step.graph) {
            previous = prefixedCopy(engine.collect(step.graph, ctx), step.id, dependsOn, builder);
          } else if (step.node) {
            const source = engine.collect('deploy', ctx).builder.get(step.node);
            if (!source) throw new GantryError(`graph ${name}: step ${step.id} names unknown node "${step.node}"`);
            builder.add({ ...source, id: step.id, title: source.title ?? step.node, dependsOn });
            previous = step.id;
          } else {
            builder.add(stepNode(step, dependsOn));
            previous = step.id;
          }
        }
        builder.addDependency(anchors.finished, previous);
      });
    }
  },
});
