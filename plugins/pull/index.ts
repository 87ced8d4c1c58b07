/** Pulls the image on every host, in the per-host slot `deploy:pull → deploy:pulled` (left out of rollback). */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { PLUGIN_NAME, pullNode } from './nodes.js';

export const pullPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      builder.between(DEPLOY.pull, { ...pullNode([]), omitFrom: ['rollback'] }, DEPLOY.pulled);
    });
  },
});
