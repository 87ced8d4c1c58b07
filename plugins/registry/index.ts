/**
 * Registry logins: locally before the build, on every host before the pull, and the
 * `registry login` / `registry logout` commands. `remove` logs the hosts out.
 * With a `localhost:PORT` registry (local.ts) there is no login: the registry container is started
 * here before the build, and each host reaches it through a reverse port forward while it pulls.
 * `registry setup` / `registry remove` do either, as Kamal's: the local registry, or the logins.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import { BUILD_GRAPH } from '../builder/api.js';
import { forwardNode, localRegistryRules, localRemoveNode, localSetupNode, unforwardNode } from './local.js';
import { PLUGIN_NAME, loginLocalNode, loginNode, logoutLocalNode, logoutNode } from './nodes.js';

const skipPush: TaskNode['skip'] = (ctx) => (ctx.options.skipPush ? '--skip-push' : false);
const skipLocal: TaskNode['skip'] = (ctx) => (ctx.options.skipLocal ? '--skip-local' : false);
const skipRemote: TaskNode['skip'] = (ctx) => (ctx.options.skipRemote ? '--skip-remote' : false);

const COMMANDS: Record<string, string> = {
  'registry login': 'Log in to the registry locally and on every host',
  'registry logout': 'Log out of the registry locally and on every host',
  'registry setup': 'Start the local registry (localhost:PORT), or log in to the registry locally and on every host',
  'registry remove': 'Remove the local registry (localhost:PORT), or log out of the registry locally and on every host',
};

/** Nodes that only the build needs: `build pull` (and rollback) pull what was pushed before. */
const BUILD_ONLY = ['rollback', BUILD_GRAPH.pull];

export const registryPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    engine.hooks.validateConfig.tap(PLUGIN_NAME, localRegistryRules);
    engine.hooks.graphs.tap(PLUGIN_NAME, (decls) => {
      for (const [name, description] of Object.entries(COMMANDS)) decls.set(name, { name, description, goals: [anchorsOf(name).done] });
    });
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      addGraphOption(decls, 'deploy', { flags: '-P, --skip-push', description: 'do not build or push; pull the existing image', omitFrom: ['rollback'] });
      for (const name of Object.keys(COMMANDS)) {
        addGraphOption(decls, name, { flags: '-L, --skip-local', description: 'only on the hosts' });
        addGraphOption(decls, name, { flags: '-R, --skip-remote', description: 'only on this machine' });
      }
    });
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, (builder) => {
      // A rollback builds nothing, so it needs no local login or registry.
      builder.between(DEPLOY.connected, { ...loginLocalNode([], skipPush), omitFrom: BUILD_ONLY }, DEPLOY.build);
      builder.between(DEPLOY.connected, { ...localSetupNode(skipPush), omitFrom: BUILD_ONLY }, DEPLOY.build);
      builder.between(DEPLOY.connected, loginNode([]), DEPLOY.pull);
      // The forward is open from before the pull until the host pulled; a rollback pulls nothing.
      builder.between(DEPLOY.connected, { ...forwardNode(), omitFrom: ['rollback'] }, DEPLOY.pull);
      builder.between(DEPLOY.pulled, { ...unforwardNode(), omitFrom: ['rollback'] }, DEPLOY.prepare);
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
    engine.hooks.graph.for('registry setup').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('registry setup');
      builder.between(a.locked, localSetupNode(skipLocal), a.finished);
      builder.between(a.locked, loginLocalNode([], skipLocal), a.finished);
      builder.between(a.locked, loginNode([], skipRemote), a.finished);
    });
    engine.hooks.graph.for('registry remove').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('registry remove');
      builder.between(a.locked, localRemoveNode(skipLocal), a.finished);
      builder.between(a.locked, logoutLocalNode([], skipLocal), a.finished);
      builder.between(a.locked, logoutNode([], skipRemote), a.finished);
    });
    engine.hooks.graph.for('remove').tap(PLUGIN_NAME, (builder) => {
      const a = anchorsOf('remove');
      builder.between(a.locked, logoutNode([]), a.finished);
    });
  },
});
