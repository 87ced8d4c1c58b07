/**
 * The assets plugin: during a deploy, old and new containers of a proxied role with `asset_path`
 * both serve both versions' assets. `assets:prepare` runs on each host before app boot; the app
 * plugin mounts ASSET_VOLUME and calls ASSET_CLEANUP after stopping the old container.
 */
import { definePlugin } from '../../core/plugin.js';
import { STAGE_DEFAULT } from '../../core/hooks.js';
import { DEPLOY } from '../../core/graph/named.js';
import { ASSET_CLEANUP, ASSET_VOLUME } from '../services.js';
import { assetCleanup, assetVolume, prepareAssets } from './bridge.js';
import { assetRoles } from './settings.js';

/** After the default stage, so every node another plugin hung on `ready` (app boot) waits for it. */
const STAGE_AFTER_DEFAULT = STAGE_DEFAULT + 10;

export const assetsPlugin = definePlugin({
  name: 'assets',
  apply(engine) {
    engine.hooks.anyGraph.tap('assets', (_builder, ctx) => {
      ctx.state.set(ASSET_VOLUME, assetVolume);
      ctx.state.set(ASSET_CLEANUP, assetCleanup);
    });
    engine.hooks.graph.for('deploy').tap({ name: 'assets', stage: STAGE_AFTER_DEFAULT }, (builder, ctx) => {
      const roles = assetRoles(ctx);
      if (!roles.length) return;
      builder.insertAfter(DEPLOY.ready, {
        id: 'assets:prepare',
        title: 'prepare assets',
        plugin: 'assets',
        dependsOn: [],
        scope: 'perHost',
        roles,
        run: prepareAssets,
      });
    });
  },
});
