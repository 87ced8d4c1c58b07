/**
 * The proxy plugin: boots the shared proxy in deploys (per host, alongside the pull, before `deploy:prepared`),
 * moves traffic for the app plugin (its `trafficSwitch` hook), removes the app's routes in `remove`, and adds the `proxy …` and
 * `app maintenance|live` commands. Drivers: kamal-proxy (default), caddy and traefik (`proxy.driver`);
 * a driver that routes by container labels adds its words to the app's containers (containerRunArgs).
 */
import { definePlugin } from '../../core/plugin.js';
import { CONFIRM_OPTION, requireConfirmation } from '../../core/graph/confirm.js';
import { DEPLOY, addGraphOption, anchorsOf } from '../../core/graph/named.js';
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext } from '../../core/graph/model.js';
import { getAppHooks, isProxied } from '../app/api.js';
import { requireNetwork } from '../docker/api.js';
import { getProxyHooks, PROXY_PLUGIN } from './api.js';
import { driverFor } from './drivers.js';
import { PROXY_GRAPHS } from './graphs.js';
import { LOG_OPTIONS, logsNode } from '../logs/api.js';
import { bootProxy, bootProxyForDeploy, chain, live, maintenance, printed, proxyNode, removeProxy, removeRoutes, removeUnusedProxy } from './nodes.js';
import { addRebootNodes } from './reboot.js';
import { proxiedRoles } from './settings.js';
import { traefikRules } from './traefik/rules.js';

type Tap = (builder: GraphBuilder, ctx: RunContext) => void;

const locked = (graph: string) => anchorsOf(graph).locked;

const GRAPH_TAPS: Record<string, Tap> = {
  'proxy boot': (b, ctx) => {
    chain(b, locked('proxy boot'), [proxyNode(ctx, 'proxy:boot', 'boot proxy', bootProxy)]);
    requireNetwork(b, 'proxy:boot', [locked('proxy boot')]);
  },
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
      logsNode({ id: 'proxy:logs', title: 'proxy logs', plugin: PROXY_PLUGIN, dependsOn: [], roles: proxiedRoles(ctx), containers: async (env) => [driverFor(env.ctx).container] }),
    ]),
  'proxy remove': (b, ctx) => chain(b, locked('proxy remove'), [proxyNode(ctx, 'proxy:remove', 'remove proxy', removeProxy)]),
  'app maintenance': (b, ctx) => chain(b, locked('app maintenance'), [proxyNode(ctx, 'proxy:maintenance', 'maintenance mode', maintenance)]),
  'app live': (b, ctx) => chain(b, locked('app live'), [proxyNode(ctx, 'proxy:live', 'live', live)]),
  details: (b, ctx) => chain(b, locked('details'), [proxyNode(ctx, 'proxy:details', 'proxy details', printed((env) => driverFor(env.ctx).details(env)))]),
  // Slotted, not chained: the app's own removal runs alongside, not behind the proxy's nodes.
  remove: (b, ctx) => {
    const { locked, finished } = anchorsOf('remove');
    b.between(locked, proxyNode(ctx, 'proxy:remove-routes', 'remove proxy routes', removeRoutes), finished);
    b.between('proxy:remove-routes', proxyNode(ctx, 'proxy:remove-unused', 'remove the proxy when no app uses it', removeUnusedProxy), finished);
  },
};

export const proxyPlugin = definePlugin({
  name: PROXY_PLUGIN,
  apply(engine) {
    const hooks = getProxyHooks(engine);
    engine.hooks.graphs.tap(PROXY_PLUGIN, (registry) => {
      for (const decl of PROXY_GRAPHS) registry.set(decl.name, decl);
    });
    engine.hooks.graphOptions.tap(PROXY_PLUGIN, (decls) => {
      addGraphOption(decls, 'proxy reboot', { flags: '--rolling', description: 'one host at a time' });
      addGraphOption(decls, 'proxy reboot', CONFIRM_OPTION);
      addGraphOption(decls, 'app maintenance', { flags: '-m, --message <message>', description: 'the message the 503 page shows' });
      for (const option of LOG_OPTIONS) addGraphOption(decls, 'proxy logs', option);
    });
    engine.hooks.validateConfig.tap(PROXY_PLUGIN, traefikRules);
    const app = getAppHooks(engine);
    app.containerRunArgs.tapPromise(PROXY_PLUGIN, async (args, boot) => {
      const driver = driverFor(boot.env.ctx);
      if (!driver.containerRunArgs || !isProxied(boot.env.ctx, boot.role)) return args;
      return [...args, ...(await driver.containerRunArgs(boot))];
    });
    // app stop / app remove: no request may reach a stopping container.
    app.routeDrop.tapPromise(PROXY_PLUGIN, (env, role) => driverFor(env.ctx).removeRoute(env, role));
    // proxy reboot is a short outage on every host: Kamal asks first.
    engine.hooks.validateGraph.tap(PROXY_PLUGIN, (graph, ctx) => {
      if (graph.decl.name === 'proxy reboot') requireConfirmation(ctx, 'proxy reboot replaces the proxy container: every app behind it is briefly unreachable on each host');
    });
    app.trafficSwitch.tapPromise(PROXY_PLUGIN, async (env, request) => {
      await driverFor(env.ctx).switchTraffic(env, request);
      return true;
    });
    // redeploy and rollback expect the proxy to be running already.
    engine.hooks.graph.for('deploy').tap(PROXY_PLUGIN, (builder, ctx) => {
      // It needs no image: alongside the pull, once the deploy is cleared (lock, pre-deploy hook)
      // and the host's own pull slot opened (its registry login: the proxy image may come from it).
      const boot = { ...proxyNode(ctx, 'proxy:boot', 'boot proxy', bootProxyForDeploy), dependsOn: [DEPLOY.pull], omitFrom: ['redeploy', 'rollback'] };
      builder.between(DEPLOY.cleared, boot, DEPLOY.prepared);
      // The same network step as the app's stale stop (before its boot): created once per host, never twice at once.
      requireNetwork(builder, 'proxy:boot', [DEPLOY.locked]);
    });
    engine.hooks.graph.for('proxy reboot').tap(PROXY_PLUGIN, (builder, ctx) => addRebootNodes(hooks, builder, ctx));
    for (const [graph, tap] of Object.entries(GRAPH_TAPS)) engine.hooks.graph.for(graph).tap(PROXY_PLUGIN, tap);
  },
});
