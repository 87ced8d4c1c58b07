/**
 * Registry logins: locally before the build, on every host before the pull, and the
 * `registry login` / `registry logout` commands. `remove` logs the hosts out.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { PLUGIN_NAME, loginLocalNode, loginNode, logoutLocalNode, logoutNode } from './nodes.js';

const skipPush: TaskNode['skip'] = (ctx) => (ctx.options.skipPush ? '--skip-push' : false);
const skipLocal: TaskNode['skip'] = (ctx) => (ctx.options.skipLocal ? '--skip-local' : false);
const skipRemote: TaskNode['skip'] = (ctx) => (ctx.options.skipRemote ? '--skip-remote' : false);

export const registryPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      for (const verb of ['login', 'logout']) {
        const name = `registry ${verb}`;
        decls.set(name, { name, description: `Log ${verb === 'login' ? 'in to' : 'out of'} the registry locally and on every host`, goals: [anchorsOf(name).done] });
      }
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      addGraphOption(decls, 'deploy', { flags: '-P, --skip-push', description: 'do not build or push; pull the existing image' });
      for (const verb of ['login', 'logout']) {
        addGraphOption(decls, `registry ${verb}`, { flags: '--skip-local', description: 'only on the hosts' });
        addGraphOption(decls, `registry ${verb}`, { flags: '--skip-remote', description: 'only on this machine' });
      }
    });
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      // A rollback builds nothing, so it needs no local login.
      builder.between(DEPLOY.connected, { ...loginLocalNode([], skipPush), omitFrom: ['rollback'] }, DEPLOY.build);
      builder.between(DEPLOY.connected, loginNode([]), DEPLOY.pull);
    });
    engine.hooks.graph.for('registry login').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('registry login');
      builder.between(a.locked, loginLocalNode([], skipLocal), a.finished);
      builder.between(a.locked, loginNode([], skipRemote), a.finished);
    });
    engine.hooks.graph.for('registry logout').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('registry logout');
      builder.between(a.locked, logoutLocalNode([], skipLocal), a.finished);
      builder.between(a.locked, logoutNode([], skipRemote), a.finished);
    });
    engine.hooks.graph.for('remove').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('remove');
      builder.between(a.locked, logoutNode([]), a.finished);
    });
  },
});
