/**
 * The log reader node: on each selected host, the logs of the containers the calling plugin
 * picks (or the one `--container-id` names), streamed line by line. Hosts read in parallel, so
 * lines from several hosts interleave as they arrive; each then carries its host as a prefix.
 */
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { readLogs } from './commands.js';
import { logQuery } from './options.js';

export interface LogsNodeSpec {
  id: string;
  title: string;
  plugin: string;
  dependsOn: string[];
  /** Only hosts carrying one of these roles. */
  roles?: string[];
  /** The hosts to read on, from the run's selected hosts (default: all of them). */
  selectHosts?(ctx: RunContext, hosts: readonly Host[]): readonly Host[];
  /** The containers to read on the env's host; none means nothing to show there. */
  containers(env: TaskEnv): Promise<string[]>;
  /** Names what is read when one run reads several things (`accessory logs all`): each line starts with it. */
  source?: string;
}

/** The hosts the node reads on, as the resolver fans it out. */
function readHosts(spec: LogsNodeSpec, ctx: RunContext): readonly Host[] {
  const withRoles = spec.roles ? ctx.hosts.filter((h) => h.roles.some((r) => spec.roles!.includes(r))) : ctx.hosts;
  return spec.selectHosts?.(ctx, withRoles) ?? withRoles;
}

export function logsNode(spec: LogsNodeSpec): TaskNode {
  return {
    id: spec.id,
    title: spec.title,
    plugin: spec.plugin,
    dependsOn: spec.dependsOn,
    scope: 'perHost',
    ...(spec.roles ? { roles: spec.roles } : {}),
    ...(spec.selectHosts ? { selectHosts: spec.selectHosts } : {}),
    run: async (env) => {
      const { ctx } = env;
      const query = logQuery(ctx);
      const chosen = ctx.options.containerId;
      const containers = typeof chosen === 'string' ? [chosen] : await spec.containers(env);
      const several = readHosts(spec, ctx).length > 1;
      const origin = [spec.source, several ? env.host!.name : undefined].filter(Boolean).join(' on ');
      const prefix = origin ? `${origin}: ` : '';
      if (!containers.length) ctx.log(`${env.host!.name}: no container to read logs from`);
      await Promise.all(containers.map((container) => env.run(readLogs(container, query), { onLine: (line) => ctx.print(`${prefix}${line}`) })));
    },
  };
}
