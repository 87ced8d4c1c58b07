/**
 * `proxy reboot`: per group of hosts (all at once, or one host at a time with --rolling), the
 * pre-proxy-reboot hook, the reboot on those hosts, then the post-proxy-reboot hook.
 */
import type { GraphBuilder } from '../../core/graph/builder.js';
import { anchorsOf } from '../../core/graph/named.js';
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import { driverFor } from './drivers.js';
import type { ProxyHooks } from './api.js';
import { chain, proxyNode, rebootHookNode } from './nodes.js';
import { proxiedRoles } from './settings.js';

export function addRebootNodes(hooks: ProxyHooks, builder: GraphBuilder, ctx: RunContext): void {
  const proxied = proxiedRoles(ctx);
  const hosts = ctx.hosts.filter((host) => host.roles.some((role) => proxied.includes(role)));
  const groups = ctx.options.rolling ? hosts.map((host) => [host]) : [hosts];
  const nodes = groups.flatMap((group, i): TaskNode[] => {
    const suffix = ctx.options.rolling ? `-${group[0]!.name}` : '';
    return [
      rebootHookNode(hooks, `proxy:pre-reboot${suffix}`, 'pre', group),
      proxyNode(ctx, `proxy:reboot${suffix}`, `reboot proxy${suffix ? ` (${i + 1}/${groups.length})` : ''}`, (env) => driverFor(env.ctx).reboot(env), group),
      rebootHookNode(hooks, `proxy:post-reboot${suffix}`, 'post', group),
    ];
  });
  chain(builder, anchorsOf('proxy reboot').locked, nodes);
}
