/** Small builders for scheduler tests: hosts, nodes fanned out like resolve does, a context. */
import type { ResolvedGraph, RunContext, TaskEnv, TaskInstance, TaskNode } from '../../../core/graph/model.js';
import { context } from '../../support/context.js';
import { createHooks, type EngineHooks } from '../../../core/hooks.js';
import type { Host } from '../../../core/hosts.js';
import { runGraph, type SchedulerDeps } from '../../../core/run/scheduler.js';
import { silentReporter, type SilentReporter } from '../../../core/run/silent-reporter.js';
import { FakeTransportFactory } from '../../../core/transport/fake.js';

export function host(name: string, primary = true): Host {
  return { name, roles: ['web'], tags: [], primary };
}

/** A node; `run` defaults to one command `echo <id>`. */
export function node(id: string, fields: Partial<TaskNode> = {}): TaskNode {
  return {
    id,
    plugin: 'test',
    dependsOn: [],
    scope: 'perHost',
    run: async (env: TaskEnv) => void (await env.run(['echo', id])),
    ...fields,
  };
}

/** Fans perHost nodes out per host; a perHost dependency of a perHost node stays on the same host. */
export function graphOf(nodes: TaskNode[], hosts: Host[]): ResolvedGraph {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const instances: TaskInstance[] = [];
  for (const n of nodes) {
    const targets = n.scope === 'perHost' ? hosts : n.scope === 'once' ? hosts.slice(0, 1) : [undefined];
    for (const h of targets) {
      const dependsOn = n.dependsOn.flatMap((d) => keysOf(byId.get(d)!, hosts, h));
      instances.push({ key: h && n.scope === 'perHost' ? `${n.id}@${h.name}` : n.id, node: n, host: h, dependsOn });
    }
  }
  return { decl: { name: 'test', description: 'test graph', goals: [] }, nodes, instances };
}

function keysOf(dep: TaskNode, hosts: Host[], on: Host | undefined): string[] {
  if (dep.scope !== 'perHost') return [dep.id];
  return on ? [`${dep.id}@${on.name}`] : hosts.map((h) => `${dep.id}@${h.name}`);
}

export { context };

export interface Harness {
  transports: FakeTransportFactory;
  reporter: SilentReporter;
  hooks: EngineHooks;
  deps: SchedulerDeps;
}

export function harness(hosts: Host[], overrides: Omit<Partial<SchedulerDeps>, 'ctx'> & { ctx?: Partial<RunContext> } = {}): Harness {
  const transports = new FakeTransportFactory();
  const reporter = silentReporter();
  const hooks = createHooks();
  const { ctx, ...rest } = overrides;
  const deps: SchedulerDeps = { ctx: context(hosts, ctx), transports, hooks, reporter, redact: (t) => t, ...rest };
  return { transports, reporter, hooks, deps };
}

export function run(graph: ResolvedGraph, h: Harness) {
  return runGraph(graph, h.deps);
}

/** Event names with keys, e.g. `task:start pull@h1`, in the order the reporter saw them. */
export function timeline(reporter: SilentReporter): string[] {
  return reporter.events.map((e) => ('task' in e ? `${e.type} ${e.task.key}` : e.type));
}

export function statusOf(outcomes: { key: string; status: string; reason?: string }[], key: string): string {
  const o = outcomes.find((x) => x.key === key);
  return o ? (o.reason ? `${o.status}: ${o.reason}` : o.status) : 'missing';
}
