/** Pulls the image on every host once it is built (and the host logged in to the registry). */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { pullNode } from './nodes.js';

/** The registry plugin's host login, when installed: a pull needs it on the same host first. */
const REGISTRY_LOGIN = 'registry:login';

export const pullPlugin = definePlugin({
  name: 'pull',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('pull', (builder) => {
      const node = pullNode([DEPLOY.built, ...(builder.has(REGISTRY_LOGIN) ? [REGISTRY_LOGIN] : [])]);
      builder.add(node).addDependency(DEPLOY.pulled, node.id);
    });
  },
});
