/** The `app …` commands: declarations and the nodes each adds between its locked and finished anchors. */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { GraphDecl, GraphOption, RunContext, TaskNode } from '../../core/graph/model.js';
import { addGraphOption, anchorsOf } from '../../core/graph/named.js';
import { requireNetwork } from '../docker/api.js';
import type { AppHooks } from './api.js';
import { addBoot, HOST_SETUP, hostSetupNode } from './nodes/boot.js';
import { latestNode, LATEST } from './nodes/latest.js';
import { inspectNode } from './nodes/inspect.js';
import { lifecycleNode } from './nodes/lifecycle.js';
import { removeNode } from './nodes/remove.js';
import { staleNode } from './nodes/stale.js';
import { EXEC_OPTIONS, execNode } from './nodes/exec.js';
import { appLogsNode } from './nodes/logs.js';
import { LOG_OPTIONS } from '../logs/api.js';
import { UNDO_BOOT } from './nodes/undo-boot.js';

interface AppGraph {
  description: string;
  mutates?: boolean;
  deploysVersion?: boolean;
  /** The rest of the declaration: arguments, output. */
  decl?: Pick<GraphDecl, 'args' | 'plainOutput' | 'passesExitCode'>;
  /** The command's own options (declared through the graphOptions hook). */
  options?: GraphOption[];
  /** Adds the graph's nodes after `locked`; returns the ids `finished` must wait for. */
  add(builder: GraphBuilder, ctx: RunContext, locked: string, hooks: AppHooks): string[];
}

const single = (node: (dependsOn: string[]) => TaskNode) => (builder: GraphBuilder, _ctx: RunContext, locked: string) => {
  const added = node([locked]);
  builder.add(added);
  return [added.id];
};

const added = (builder: GraphBuilder, node: TaskNode) => {
  builder.add(node);
  return [node.id];
};

export const APP_GRAPHS: Record<string, AppGraph> = {
  'app boot': {
    description: 'Boot the app version (zero downtime, rolling groups, barrier) and tag it latest',
    mutates: true,
    deploysVersion: true,
    add: (builder, ctx, locked, hooks) => {
      builder.add(hostSetupNode([locked], ['current', 'clashing']));
      requireNetwork(builder, HOST_SETUP, [locked]);
      const booted = addBoot(builder, ctx, hooks, { after: [locked], hostReady: HOST_SETUP });
      builder.add(latestNode(booted));
      return [LATEST, UNDO_BOOT];
    },
  },
  'app start': { description: 'Start the version’s existing containers and route the proxy to them again', mutates: true, deploysVersion: true, add: (b, _ctx, locked, hooks) => added(b, lifecycleNode('start', [locked], hooks)) },
  'app stop': { description: 'Take the app’s routes off the proxy, then stop its current containers', mutates: true, add: (b, _ctx, locked, hooks) => added(b, lifecycleNode('stop', [locked], hooks)) },
  'app details': { description: 'Show the app’s running containers per host', add: single((d) => inspectNode('details', d)) },
  'app containers': { description: 'List all the app’s containers per host', add: single((d) => inspectNode('containers', d)) },
  'app images': { description: 'List the app’s images per host', add: single((d) => inspectNode('images', d)) },
  'app version': { description: 'Show the version running on each host', add: single((d) => inspectNode('version', d)) },
  'app stale_containers': {
    description: 'List running containers of versions other than the current one (--stop: stop them)',
    options: [{ flags: '--stop', description: 'stop the stale containers' }],
    add: (builder, ctx, locked) => {
      const node = staleNode([locked], ctx.options.stop ? 'stop' : 'print');
      builder.add(node);
      return [node.id];
    },
  },
  'app exec': {
    description: 'Run a command in a new container of the app (or the running one: --reuse) on each host',
    decl: { args: ['cmd...'], plainOutput: true, passesExitCode: true },
    options: EXEC_OPTIONS,
    add: single(execNode),
  },
  'app logs': { description: 'Show the app’s logs from every host (-f to follow)', decl: { plainOutput: true }, options: LOG_OPTIONS, add: single(appLogsNode) },
  'app remove': { description: 'Remove the app’s proxy routes, containers, images and directory from every host', mutates: true, add: (b, _ctx, locked, hooks) => added(b, removeNode([locked], hooks)) },
};

export function appGraphDecls(): GraphDecl[] {
  return Object.entries(APP_GRAPHS).map(([name, graph]) => ({
    name,
    description: graph.description,
    goals: [anchorsOf(name).done],
    ...graph.decl,
    ...(graph.mutates ? { mutates: true } : {}),
    ...(graph.deploysVersion ? { deploysVersion: true } : {}),
  }));
}

export function addAppGraphOptions(decls: Map<string, GraphDecl>): void {
  for (const [name, graph] of Object.entries(APP_GRAPHS)) for (const option of graph.options ?? []) addGraphOption(decls, name, option);
}

export function addAppGraph(name: string, builder: GraphBuilder, ctx: RunContext, hooks: AppHooks): void {
  const a = anchorsOf(name);
  for (const id of APP_GRAPHS[name]!.add(builder, ctx, a.locked, hooks)) builder.addDependency(a.finished, id);
}
