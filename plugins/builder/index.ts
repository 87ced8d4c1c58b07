/**
 * Builds and pushes the image before anything is pulled (skipped with --skip-push), once the
 * deploy lock is held: a deploy the lock refuses pushes nothing.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { buildNode } from './nodes.js';

/** The registry plugin's local login, when installed: the push needs it. */
const REGISTRY_LOGIN_LOCAL = 'registry:login-local';

export const builderPlugin = definePlugin({
  name: 'builder',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('builder', (builder) => {
      const node = buildNode([DEPLOY.locked, ...(builder.has(REGISTRY_LOGIN_LOCAL) ? [REGISTRY_LOGIN_LOCAL] : [])]);
      builder.add(node).addDependency(DEPLOY.built, node.id);
    });
  },
});
