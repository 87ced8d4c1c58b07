/** Builds and pushes the image before anything is pulled (skipped with --skip-push; left out of rollback). */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { PLUGIN_NAME, buildNode } from './nodes.js';

export const builderPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      builder.between(DEPLOY.build, { ...buildNode([]), omitFrom: ['rollback'] }, DEPLOY.built);
    });
  },
});
