/**
 * Hook scripts as graph nodes: pre-connect before anything reaches a host (in every graph that
 * does) and pre-build before the build,
 * pre-deploy once the image is everywhere and the lock is held, post-deploy after the lock is
 * released (success only). Boot-group and proxy-reboot hooks are run by the plugins that own
 * those phases through the `hooks:run` service in the run state.
 */
import { definePlugin } from '../../core/plugin.js';
import { STAGE_WRAP } from '../../core/hooks.js';
import { anchorsOf, DEPLOY } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { GraphDecl, RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { hookPath, runHook, type HookName } from './runner.js';

export type HookService = (env: TaskEnv, name: HookName, extra?: Record<string, string>) => Promise<void>;
export const HOOK_SERVICE = 'hooks:run';

function hookNode(name: HookName, extra?: (ctx: RunContext) => Record<string, string>): TaskNode {
  return {
    id: `hooks:${name}`,
    title: `hook ${name}`,
    plugin: 'hooks',
    dependsOn: [],
    scope: 'local',
    run: (env) => runHook(env, name, extra?.(env.ctx)),
  };
}

function addDeployHooks(builder: GraphBuilder, ctx: RunContext): void {
  const started = Date.now();
  if (hookPath(ctx, 'pre-connect')) builder.insertAfter(DEPLOY.start, hookNode('pre-connect'));
  if (hookPath(ctx, 'pre-build') && !ctx.options.skipPush) {
    builder.insertAfter(builder.has('hooks:pre-connect') ? 'hooks:pre-connect' : DEPLOY.start, hookNode('pre-build'));
  }
  if (hookPath(ctx, 'pre-deploy')) builder.insertAfter(DEPLOY.ready, hookNode('pre-deploy'));
  if (hookPath(ctx, 'post-deploy')) {
    const runtime = () => ({ RUNTIME: String(Math.round((Date.now() - started) / 1000)) });
    builder.add({ ...hookNode('post-deploy', runtime), dependsOn: [DEPLOY.done] });
  }
}

/**
 * pre-connect before every graph that reaches a host, not only deploys (as Kamal runs it before
 * its first SSH call of any command): every node that runs on hosts waits for it.
 */
function addPreConnect(builder: GraphBuilder, ctx: RunContext, decl: GraphDecl): void {
  const remote = builder.all().filter((node) => node.scope !== 'local' && node.id !== PRE_CONNECT);
  if (remote.length === 0 || !hookPath(ctx, 'pre-connect')) return;
  if (!builder.has(PRE_CONNECT)) {
    const start = anchorsOf(decl.name).start;
    builder.add({ ...hookNode('pre-connect'), dependsOn: builder.has(start) ? [start] : [] });
  }
  for (const node of remote) builder.addDependency(node.id, PRE_CONNECT);
}

const PRE_CONNECT = 'hooks:pre-connect';

export const hooksPlugin = definePlugin({
  name: 'hooks',
  apply(engine) {
    engine.hooks.anyGraph.tap('hooks', (_builder, ctx) => {
      ctx.state.set(HOOK_SERVICE, runHook satisfies HookService);
    });
    // After the other plugins' anyGraph taps, so the nodes they add wait for it too.
    engine.hooks.anyGraph.tap({ name: 'hooks', stage: STAGE_WRAP }, addPreConnect);
    // After the other plugins, so every node they attached to a phase waits for its hook.
    engine.hooks.graph.for('deploy').tap({ name: 'hooks', stage: STAGE_WRAP }, addDeployHooks);
  },
});
