/**
 * The Rails plugin (in the rails preset): config defaults a Kamal-generated Rails app needs
 * (jobs role, app port, db/redis accessories), the master key, and `bin/rails db:prepare` as a node of the deploy graph.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import { withAccessoryDefaults } from './accessories.js';
import { dbPrepareNode } from './db-prepare.js';
import { withAppPort, withJobsCommand, withMasterKey, withStorageVolume, MASTER_KEY } from './defaults.js';
import { withMasterKeyFile } from './master-key.js';
import { RAILS_PLUGIN } from './name.js';

export const railsPlugin = definePlugin({
  name: RAILS_PLUGIN,
  apply(engine) {
    engine.hooks.config.tapPromise(RAILS_PLUGIN, async (config) => {
      const loaded = engine.config;
      if (!loaded) return config;
      loaded.secrets = withMasterKeyFile(loaded.secrets, loaded.root);
      const dockerfile = await readFile(join(loaded.root, 'Dockerfile'), 'utf8').catch(() => undefined);
      let out = withStorageVolume(withAccessoryDefaults(withJobsCommand(config)));
      out = withAppPort(out, dockerfile);
      return withMasterKey(out, loaded.secrets.has(MASTER_KEY));
    });
    engine.hooks.graph.for('deploy').tap(RAILS_PLUGIN, (builder) => {
      builder.add(dbPrepareNode());
      builder.addDependency(DEPLOY.ready, dbPrepareNode().id);
    });
  },
});
