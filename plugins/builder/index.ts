/**
 * Builds and pushes the image before anything is pulled (skipped with --skip-push; left out of
 * rollback), once the deploy lock is held: a deploy the lock refuses pushes nothing.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption } from '../../core/graph/named.js';
import { builderRules } from './config-rules.js';
import { PLUGIN_NAME, buildNodes } from './nodes.js';

/** Also read by the registry and hooks plugins (they declare it too). */
const SKIP_PUSH = { flags: '-P, --skip-push', description: 'do not build or push; pull the existing image' };

export const builderPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.validateConfig.tap(PLUGIN_NAME, builderRules);
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => addGraphOption(decls, 'deploy', SKIP_PUSH));
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      const nodes = buildNodes();
      builder.between(DEPLOY.build, nodes.clone, DEPLOY.built).add(nodes.setup).add(nodes.image).between(nodes.image.id, nodes.push, DEPLOY.built);
    });
  },
});
