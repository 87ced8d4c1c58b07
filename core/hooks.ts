/**
 * The engine's hook table. Plugins tap these in `apply(engine)`; a plugin that others extend
 * publishes its own table in `plugins/<name>/api.ts` (`getAppHooks(engine)` …). Graph taps
 * attach nodes between named anchors, so their order does not matter; errors thrown in any tap
 * name the tapping plugin and the hook.
 */
import { AsyncSeriesHook, AsyncSeriesWaterfallHook, HookMap, SyncHook, SyncWaterfallHook } from 'tapable';
import type { GraphBuilder } from './graph/builder.js';
import type { GraphDecl, ResolvedGraph, RunContext, TaskEnv, TaskNode } from './graph/model.js';
import type { Command } from './transport/types.js';
import type { Host } from './hosts.js';
import type { GantryConfig } from '../schemas/index.js';
import type { ConfigIssue } from './config/types.js';
import type { TaskOutcome } from './run/results.js';
import { attributeTaps } from './plugin-hooks.js';

export function createHooks() {
  const table = {
    /** Normalise or derive config after the schema check (preset defaults are merged before); validateConfig's rules run after it. */
    config: new AsyncSeriesWaterfallHook<[GantryConfig]>(['config']),
    /** Cross-key config rules a plugin owns: push `{ pointer, message }` (JSON pointer of the key to blame). */
    validateConfig: new SyncHook<[GantryConfig, ConfigIssue[]]>(['config', 'issues']),
    /** Declare named graphs (CLI commands). */
    graphs: new SyncHook<[Map<string, GraphDecl>]>(['registry']),
    /** After `graphs`: plugins declare the CLI options they read on graphs others declared (`addGraphOption`). */
    graphOptions: new SyncHook<[Map<string, GraphDecl>]>(['registry']),
    /** Per graph name: contribute nodes. `extends` graphs replay their parent's taps first. */
    graph: new HookMap((_name: string) => new SyncHook<[GraphBuilder, RunContext]>(['builder', 'ctx'])),
    /** Every graph, after its own taps: cross-cutting nodes (lock, audit) for any graph, custom ones included. */
    anyGraph: new SyncHook<[GraphBuilder, RunContext, GraphDecl]>(['builder', 'ctx', 'decl']),
    /** Inspect the resolved graph before it runs (throw to refuse). */
    validateGraph: new SyncHook<[ResolvedGraph, RunContext]>(['graph', 'ctx']),
    /** Wrap a command before it runs on a host (sudo, env). */
    command: new SyncWaterfallHook<[Command, Host | undefined]>(['command', 'host']),
    beforeTask: new AsyncSeriesHook<[TaskNode, TaskEnv]>(['node', 'env']),
    afterTask: new AsyncSeriesHook<[TaskOutcome, RunContext]>(['outcome', 'ctx']),
    taskFailed: new AsyncSeriesHook<[TaskNode, Error, TaskEnv]>(['node', 'error', 'env']),
    /** The run failed (after every node settled). */
    failed: new AsyncSeriesHook<[Error, RunContext]>(['error', 'ctx']),
    done: new AsyncSeriesHook<[RunContext, readonly TaskOutcome[]]>(['ctx', 'outcomes']),
  };
  return Object.freeze(attributeTaps(table, 'engine'));
}

export type EngineHooks = ReturnType<typeof createHooks>;
