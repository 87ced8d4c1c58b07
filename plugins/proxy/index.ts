/**
 * The proxy plugin: boots the shared proxy in deploys, offers the zero-downtime switch to the app
 * plugin (PROXY_SWITCH), removes the app's routes in `remove`, and adds the `proxy …` and
 * `app maintenance|live` commands. Drivers: kamal-proxy (default) and caddy (`proxy.driver`).
 */
import { definePlugin } from '../../core/plugin.js';
import { STAGE_DEFAULT } from '../../core/hooks.js';
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { PROXY_SWITCH, type ProxySwitch } from '../services.js';
import { driverFor } from './drivers.js';
import { PROXY_GRAPHS } from './graphs.js';
import { logsNode } from '../logs/api.js';
import { bootProxy, chain, live, maintenance, printed, proxyNode, removeProxy, removeRoutes } from './nodes.js';
import { addRebootNodes } from './reboot.js';
import { proxiedRoles } from './settings.js';

/** After the default stage, so every node another plugin hung on `ready` (app boot) waits for proxy boot. */
const STAGE_AFTER_DEFAULT = STAGE_DEFAULT + 10;

const switchTraffic: ProxySwitch = (env, request) => driverFor(env.ctx).switchTraffic(env, request);

type Tap = (builder: GraphBuilder, ctx: RunContext) => void;

const locked = (graph: string) => anchorsOf(graph).locked;

const GRAPH_TAPS: Record<string, Tap> = {
  'proxy boot': (b, ctx) => chain(b, locked('proxy boot'), [proxyNode(ctx, 'proxy:boot', 'boot proxy', bootProxy)]),
  'proxy reboot': addRebootNodes,
  'proxy start': (b, ctx) => chain(b, locked('proxy start'), [proxyNode(ctx, 'proxy:start', 'start proxy', (env) => driverFor(env.ctx).start(env))]),
  'proxy stop': (b, ctx) => chain(b, locked('proxy stop'), [proxyNode(ctx, 'proxy:stop', 'stop proxy', (env) => driverFor(env.ctx).stop(env))]),
  'proxy restart': (b, ctx) =>
    chain(b, locked('proxy restart'), [
      proxyNode(ctx, 'proxy:stop', 'stop proxy', (env) => driverFor(env.ctx).stop(env)),
      proxyNode(ctx, 'proxy:start', 'start proxy', (env) => driverFor(env.ctx).start(env)),
    ]),
  'proxy details': (b, ctx) => chain(b, locked('proxy details'), [proxyNode(ctx, 'proxy:details', 'proxy details', printed((env) => driverFor(env.ctx).details(env)))]),
  'proxy logs': (b, ctx) =>
    chain(b, locked('proxy logs'), [
      logsNode({ id: 'proxy:logs', title: 'proxy logs', plugin: 'proxy', dependsOn: [], roles: proxiedRoles(ctx), containers: async (env) => [driverFor(env.ctx).container] }),
    ]),
  'proxy remove': (b, ctx) => chain(b, locked('proxy remove'), [proxyNode(ctx, 'proxy:remove', 'remove proxy', removeProxy)]),
  'app maintenance': (b, ctx) => chain(b, locked('app maintenance'), [proxyNode(ctx, 'proxy:maintenance', 'maintenance mode', maintenance)]),
  'app live': (b, ctx) => chain(b, locked('app live'), [proxyNode(ctx, 'proxy:live', 'live', live)]),
  details: (b, ctx) => chain(b, locked('details'), [proxyNode(ctx, 'proxy:details', 'proxy details', printed((env) => driverFor(env.ctx).details(env)))]),
  remove: (b, ctx) => chain(b, locked('remove'), [proxyNode(ctx, 'proxy:remove-routes', 'remove proxy routes', removeRoutes)]),
};

export const proxyPlugin = definePlugin({
  name: 'proxy',
  apply(engine) {
    engine.hooks.graphs.tap('proxy', (registry) => {
      for (const decl of PROXY_GRAPHS) registry.set(decl.name, decl);
    });
    engine.hooks.anyGraph.tap('proxy', (_builder, ctx) => {
      ctx.state.set(PROXY_SWITCH, switchTraffic);
    });
    engine.hooks.graph.for('deploy').tap({ name: 'proxy', stage: STAGE_AFTER_DEFAULT }, (builder, ctx) => {
      builder.insertAfter(DEPLOY.ready, proxyNode(ctx, 'proxy:boot', 'boot proxy', bootProxy));
    });
    for (const [graph, tap] of Object.entries(GRAPH_TAPS)) engine.hooks.graph.for(graph).tap('proxy', tap);
  },
});
