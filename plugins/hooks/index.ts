/**
 * Hook scripts as graph nodes: pre-connect before anything reaches a host (in every graph that
 * reaches one), pre-build before the build, pre-deploy once the image is everywhere and the lock is held (before any host prepares),
 * post-deploy after the lock is released (success only). Boot-group, proxy-reboot and
 * docker-setup scripts run from the hook tables the app, proxy and server plugins publish.
 */
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { GraphDecl, RunContext, TaskNode } from '../../core/graph/model.js';
import { getAppHooks } from '../app/api.js';
import { BUILD_GRAPH } from '../builder/api.js';
import { getProxyHooks } from '../proxy/api.js';
import { getServerHooks } from '../server/api.js';
import { hookPath, runHook, type HookName } from './runner.js';

export const PLUGIN_NAME = 'hooks';

function hookNode(name: HookName, extra?: (ctx: RunContext) => Record<string, string>): TaskNode {
  return {
    id: `hooks:${name}`,
    title: `hook ${name}`,
    plugin: PLUGIN_NAME,
    dependsOn: [],
    scope: 'local',
    run: (env) => runHook(env, name, extra?.(env.ctx)),
  };
}

function addDeployHooks(builder: GraphBuilder, ctx: RunContext): void {
  const started = Date.now();
  if (hookPath(ctx, 'pre-connect')) builder.between(DEPLOY.start, hookNode('pre-connect'), DEPLOY.connected);
  // Nothing is built in a rollback or `build pull`.
  if (hookPath(ctx, 'pre-build') && !ctx.options.skipPush) builder.between(DEPLOY.connected, { ...hookNode('pre-build'), omitFrom: ['rollback', BUILD_GRAPH.pull] }, DEPLOY.build);
  // As Kamal: the script runs once every host pulled, before any host boots its proxy or app.
  if (hookPath(ctx, 'pre-deploy')) builder.between(DEPLOY.ready, hookNode('pre-deploy'), DEPLOY.cleared);
  if (hookPath(ctx, 'post-deploy')) {
    const runtime = () => ({ RUNTIME: String(Math.round((Date.now() - started) / 1000)) });
    builder.add({ ...hookNode('post-deploy', runtime), dependsOn: [DEPLOY.done] });
  }
}

/**
 * pre-connect in the other graphs, as Kamal runs it before the first SSH call of any command:
 * in the slot start → connected, which everything that reaches a host waits for. A graph reaches
 * a host when it changes hosts or its own taps put a node on one; a local-only graph runs none.
 */
function addPreConnect(builder: GraphBuilder, ctx: RunContext, decl: GraphDecl): void {
  if (builder.has(DEPLOY.connected) || !hookPath(ctx, 'pre-connect')) return;
  const reachesHost = decl.mutates || builder.all().some((node) => node.scope !== 'local');
  if (!reachesHost) return;
  const a = anchorsOf(decl.name);
  builder.between(a.start, hookNode('pre-connect'), a.connected);
}

export const hooksPlugin = definePlugin({
  name: PLUGIN_NAME,
  apply(engine) {
    // Any graph may run hook scripts (its own, or a graph it includes).
    engine.hooks.graphOptions.tap(PLUGIN_NAME, (decls) => {
      for (const name of decls.keys()) addGraphOption(decls, name, { flags: '-H, --skip-hooks', description: 'do not run hook scripts' });
    });
    engine.hooks.graph.for('deploy').tap(PLUGIN_NAME, addDeployHooks);
    engine.hooks.anyGraph.tap(PLUGIN_NAME, addPreConnect);
    getAppHooks(engine).bootGroup.tapPromise(PLUGIN_NAME, (env, group) => runHook(env, `${group.phase}-app-boot`, { HOSTS: group.hosts.join(',') }));
    getProxyHooks(engine).reboot.tapPromise(PLUGIN_NAME, (env, event) => runHook(env, `${event.phase}-proxy-reboot`, { HOSTS: event.hosts.join(',') }));
    getServerHooks(engine).dockerSetup.tapPromise(PLUGIN_NAME, (env) => runHook(env, 'docker-setup'));
  },
});
