/**
 * Builds and pushes the image before anything is pulled (skipped with --skip-push; left out of
 * rollback), once the deploy lock is held: a deploy the lock refuses pushes nothing. Also the
 * `build …` commands (graphs.ts): push, pull, deliver, create, remove, details, dev.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { builderRules } from './config-rules.js';
import { devNode } from './dev.js';
import { BUILD_GRAPH, BUILD_GRAPHS, DEPLOY_BASED, NO_CACHE, OUTPUT_DOCKER, OUTPUT_REGISTRY } from './graphs.js';
import { createNode, detailsNode, removeNode } from './manage.js';
import { PLUGIN_NAME, buildNodes } from './nodes.js';

/** Also read by the registry and hooks plugins (they declare it too). */
// A rollback builds nothing: it boots an image the hosts have.
const SKIP_PUSH = { flags: '-P, --skip-push', description: 'do not build or push; pull the existing image', omitFrom: ['rollback'] };

/** The commands with a single local node between their own anchors. */
const SINGLE_NODE: Array<[string, (dependsOn: string[]) => TaskNode]> = [
  [BUILD_GRAPH.create, createNode],
  [BUILD_GRAPH.remove, removeNode],
  [BUILD_GRAPH.details, detailsNode],
  [BUILD_GRAPH.dev, devNode],
];

export const builderPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.validateConfig.tap(PLUGIN_NAME, builderRules);
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      for (const decl of BUILD_GRAPHS) decls.set(decl.name, decl);
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      addGraphOption(decls, 'deploy', SKIP_PUSH);
      addGraphOption(decls, 'deploy', { ...NO_CACHE, omitFrom: ['rollback'] });
      for (const graph of [BUILD_GRAPH.push, BUILD_GRAPH.deliver, BUILD_GRAPH.dev]) addGraphOption(decls, graph, NO_CACHE);
      addGraphOption(decls, BUILD_GRAPH.push, OUTPUT_REGISTRY);
      addGraphOption(decls, BUILD_GRAPH.dev, OUTPUT_DOCKER);
    });
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      const nodes = buildNodes();
      builder.between(DEPLOY.build, nodes.clone, DEPLOY.built).add(nodes.setup).add(nodes.image).between(nodes.image.id, nodes.push, DEPLOY.built);
    });
    for (const [graph, last] of Object.entries(DEPLOY_BASED)) {
      engine.hooks.graph.for(graph).tap(PLUGIN_NAME, (builder) => {
        builder.add({ id: anchorsOf(graph).done, plugin: PLUGIN_NAME, dependsOn: [last], scope: 'local', anchor: true });
      });
    }
    for (const [graph, node] of SINGLE_NODE) {
      engine.hooks.graph.for(graph).tap(PLUGIN_NAME, (builder) => {
        const a = anchorsOf(graph);
        builder.between(a.locked, node([]), a.finished);
      });
    }
  },
});
