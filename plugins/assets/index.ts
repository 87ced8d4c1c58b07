/**
 * The assets plugin: during a deploy, old and new containers of a proxied role with `asset_path`
 * both serve both versions' assets. `assets:prepare` runs in each host's `deploy:prepare` slot;
 * the plugin taps the app's `containerRunArgs` (mounts the volume) and `oldContainerStopped`
 * (removes older asset versions).
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { getAppHooks } from '../app/api.js';
import { assetCleanup, assetVolume, prepareAssets } from './bridge.js';
import { assetRoles } from './settings.js';

export const PLUGIN_NAME = 'assets';

export const assetsPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    const app = getAppHooks(engine);
    app.containerRunArgs.tapPromise(PLUGIN_NAME, async (args, boot) => [...args, ...assetVolume(boot)]);
    app.oldContainerStopped.tapPromise(PLUGIN_NAME, assetCleanup);
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder, ctx) => {
      const roles = assetRoles(ctx);
      if (!roles.length) return;
      const prepare: TaskNode = { id: 'assets:prepare', title: 'prepare assets', plugin: PLUGIN_NAME, dependsOn: [], scope: 'perHost', roles, run: prepareAssets };
      builder.between(DEPLOY.prepare, prepare, DEPLOY.prepared);
    });
  },
});
