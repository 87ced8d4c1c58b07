/**
 * Runs a resolved task graph as a real DAG: an instance starts as soon as its own dependencies
 * are settled (host A boots while host B still pulls), bounded by `maxParallel` slots. Slots go
 * to ready instances in graph instance order, so primary hosts come first and a dry run
 * (one slot) records its commands in a reproducible order. Bookkeeping is per edge (counts of
 * unsettled dependencies, queues by instance index), so a run costs O(n log n), not O(n²).
 */
import { AbortedError, GantryError } from '../errors.js';
import type { ResolvedGraph, RunContext, TaskEnv, TaskInstance } from '../graph/model.js';
import type { EngineHooks } from '../hooks.js';
import type { TerminalIo, TransportFactory } from '../transport/types.js';
import { IndexQueue } from '../graph/index-queue.js';
import { asTaskError, redactError } from './plugin-error.js';
import { decide, type Settlement } from './readiness.js';
import { endEventFor } from './labels.js';
import type { RunEvent, RunReporter, TaskRef } from './reporter.js';
import type { TaskOutcome } from './results.js';
import { exitCodeFor, type RecordedCommand, type RunResult } from './run-result.js';
import { createTaskEnv } from './task-env.js';
import { withTrack, type TraceRecorder } from './trace/recorder.js';

export type { RecordedCommand, RunResult } from './run-result.js';

export interface SchedulerDeps {
  /** `ctx.signal` is the run's abort signal (Ctrl-C). */
  ctx: RunContext;
  transports: TransportFactory;
  hooks: EngineHooks;
  reporter: RunReporter;
  redact(text: string): string;
  /** The user's terminal, for interactive commands; absent when there is none to attach (tests, CI). */
  terminal?: TerminalIo;
  /** Task instances running at once (default 32; a dry run always uses 1). */
  maxParallel?: number;
  /** Records a span per node and remote command (`--trace FILE`). */
  trace?: TraceRecorder;
}

export const DEFAULT_MAX_PARALLEL = 32;

export function runGraph(graph: ResolvedGraph, deps: SchedulerDeps): Promise<RunResult> {
  return new GraphRun(graph, deps).run();
}

function isAbortError(error: unknown): boolean {
  return error instanceof AbortedError || (error instanceof Error && error.name === 'AbortError');
}

class GraphRun {
  private readonly byKey = new Map<string, TaskInstance>();
  private readonly indexOf = new Map<string, number>();
  /** Per instance index: dependencies not settled yet, and the instances waiting for it. */
  private readonly unsettled: number[] = [];
  private readonly dependents: number[][] = [];
  private readonly started: boolean[] = [];
  /** For the trace: when each instance could run, and the dependency it waited for last. */
  private readonly readyAt: number[] = [];
  private readonly lastDependency: (string | undefined)[] = [];
  /** Not started and not settled. */
  private waitingCount: number;
  /** Dependencies settled: to decide (run, skip, wait) in graph order. */
  private readonly toDecide = new IndexQueue();
  /** Decided to run: waiting for a slot. */
  private readonly runnable = new IndexQueue();
  /** Decided to wait (failure nodes before anything failed): decided again when the run's state changes. */
  private readonly parked = new IndexQueue();
  private readonly refs = new Map<string, TaskRef>();
  private readonly settled = new Map<string, Settlement>();
  private readonly outcomes = new Map<string, TaskOutcome>();
  private readonly commands: RecordedCommand[] = [];
  private readonly slots: number;
  // Cleanup (always/failure) nodes must still reach hosts after Ctrl-C aborted the run's signal;
  // a second Ctrl-C exits the process instead.
  private readonly cleanupSignal = new AbortController().signal;
  private running = 0;
  private pumping = false;
  private firstFailure?: string;
  private interrupted: boolean;
  private finished!: () => void;

  constructor(
    private readonly graph: ResolvedGraph,
    private readonly deps: SchedulerDeps,
  ) {
    graph.instances.forEach((instance, index) => {
      this.byKey.set(instance.key, instance);
      this.indexOf.set(instance.key, index);
      this.dependents.push([]);
      this.started.push(false);
      const { node, host } = instance;
      this.refs.set(instance.key, { key: instance.key, nodeId: node.id, title: node.title ?? node.id, host: host?.name });
    });
    this.waitingCount = graph.instances.length;
    this.slots = deps.ctx.dryRun ? 1 : Math.max(1, deps.maxParallel ?? DEFAULT_MAX_PARALLEL);
    this.interrupted = deps.ctx.signal.aborted;
  }

  async run(): Promise<RunResult> {
    this.checkDependencies();
    this.linkDependencies();
    const { ctx, reporter, hooks } = this.deps;
    const graphName = this.graph.decl.name;
    const shown = this.graph.instances.filter((i) => !isAnchor(i)).map((i) => this.ref(i.key));
    reporter.emit({ type: 'run:start', graph: graphName, tasks: shown });

    const onAbort = (): void => {
      this.interrupted = true;
      this.decideAgain();
      this.pump();
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve) => {
        this.finished = resolve;
        this.pump();
      });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }

    const result = this.result();
    if (!result.ok) await this.safely('failed', () => hooks.failed.promise(summarise(result), ctx));
    await this.safely('done', () => hooks.done.promise(ctx, result.outcomes));
    reporter.emit({ type: 'run:end', graph: graphName, result });
    await reporter.flush();
    return result;
  }

  private checkDependencies(): void {
    const unknown = this.graph.instances.flatMap((i) =>
      i.dependsOn.filter((d) => !this.byKey.has(d)).map((d) => `${i.key} → ${d}`),
    );
    if (unknown.length) throw new GantryError(`task graph refers to unknown instances: ${unknown.join(', ')}`);
  }

  /** Counts each instance's distinct dependencies and lists its dependents; ready ones are queued. */
  private linkDependencies(): void {
    this.graph.instances.forEach((instance, index) => {
      const deps = new Set(instance.dependsOn);
      this.unsettled.push(deps.size);
      for (const key of deps) this.dependents[this.indexOf.get(key)!]!.push(index);
      if (deps.size === 0) this.toDecide.push(index);
    });
  }

  /** Starts or settles every instance that can move; called whenever anything changes. */
  private pump(): void {
    // Settling inside the loop calls pump() again; the running loop already picks that up.
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        this.decideReady(false);
        this.startRunnable();
        if (this.toDecide.size) continue;
        // Nothing runs and nothing else can start: failure nodes still waiting are decided now.
        if (this.running > 0 || !this.parked.size) break;
        for (const index of this.parked.drain()) this.toDecide.push(index);
        this.decideReady(true);
      }
      if (this.running === 0 && this.waitingCount) this.failStuck();
    } finally {
      this.pumping = false;
    }
    if (this.running === 0 && this.waitingCount === 0) this.finished();
  }

  /** Nothing runs yet instances still wait: their dependencies form a cycle. Fail them, reported like any failure. */
  private failStuck(): void {
    const stuck = this.graph.instances.filter((instance, index) => !this.started[index] && !this.settled.has(instance.key));
    const error = new GantryError(`task graph cannot progress (a dependency cycle?): ${stuck.map((i) => i.key).join(', ')}`);
    for (const instance of stuck) this.conclude(instance, this.outcome(instance, 'failed', 0, { error }));
  }

  /** A failure or an interrupt changes what waiting instances should do: decide them again. */
  private decideAgain(): void {
    for (const index of [...this.runnable.drain(), ...this.parked.drain()]) this.toDecide.push(index);
  }

  private decideReady(quiescent: boolean): void {
    for (let index = this.toDecide.pop(); index !== undefined; index = this.toDecide.pop()) {
      const instance = this.graph.instances[index]!;
      if (this.started[index] || this.settled.has(instance.key)) continue;
      const deps = instance.dependsOn.map((key) => this.settled.get(key)!);
      const state = { firstFailure: this.firstFailure, interrupted: this.interrupted, quiescent };
      const decision = decide(instance, deps, state);
      if (decision.action === 'wait') {
        this.parked.push(index);
      } else if (decision.action === 'skip') {
        this.settle(instance, decision.settlement, this.outcome(instance, 'skipped', 0, { reason: decision.reason }));
      } else if (isAnchor(instance)) {
        this.conclude(instance, this.outcome(instance, 'success', 0));
      } else {
        if (this.deps.trace) this.readyAt[index] = this.deps.trace.now();
        this.runnable.push(index);
      }
    }
  }

  /** Fills free slots with runnable instances, lowest graph index first. */
  private startRunnable(): void {
    while (this.running < this.slots && !this.toDecide.size) {
      const index = this.runnable.pop();
      if (index === undefined) return;
      const instance = this.graph.instances[index]!;
      if (this.started[index] || this.settled.has(instance.key)) continue;
      if (!this.ownSkip(instance)) this.start(instance);
    }
  }

  /** Evaluates the node's skip(); a skipped node counts as done for its dependents. */
  private ownSkip(instance: TaskInstance): boolean {
    let verdict: boolean | string;
    try {
      verdict = instance.node.skip?.(this.deps.ctx) ?? false;
    } catch (thrown) {
      this.conclude(instance, this.outcome(instance, 'failed', 0, { error: asTaskError(instance.node, thrown) }));
      return true;
    }
    if (verdict === false) return false;
    const reason = typeof verdict === 'string' ? this.deps.redact(verdict) : 'skipped';
    this.conclude(instance, this.outcome(instance, 'skipped', 0, { reason }));
    return true;
  }

  private start(instance: TaskInstance): void {
    this.started[this.indexOf.get(instance.key)!] = true;
    this.waitingCount--;
    this.running++;
    void this.execute(instance).then((outcome) => {
      this.running--;
      this.conclude(instance, outcome);
    });
  }

  /** Runs one instance between its hooks; never rejects. */
  private async execute(instance: TaskInstance): Promise<TaskOutcome> {
    const { ctx, hooks, redact } = this.deps;
    const { node } = instance;
    const signal = (node.when ?? 'success') === 'success' ? ctx.signal : this.cleanupSignal;
    const env = this.envFor(instance, signal);
    const started = Date.now();
    const trace = this.deps.trace;
    const startMs = trace?.now() ?? 0;
    const track = instance.host?.name ?? 'local';
    this.emit({ type: 'task:start', task: this.ref(instance.key) });
    let outcome: TaskOutcome;
    try {
      await withTrack(trace, track, async () => {
        await hooks.beforeTask.promise(node, env);
        await node.run!(env);
      });
      outcome = this.outcome(instance, 'success', Date.now() - started);
    } catch (thrown) {
      const cancelled = signal.aborted && isAbortError(thrown);
      const error = cancelled ? new AbortedError() : asTaskError(node, thrown);
      redactError(error, redact);
      if (!cancelled) await this.safely('taskFailed', () => hooks.taskFailed.promise(node, error, env));
      const status = cancelled ? 'cancelled' : 'failed';
      outcome = this.outcome(instance, status, Date.now() - started, { error, reason: cancelled ? 'interrupted' : undefined });
    }
    if (trace) this.traceNode(trace, instance, track, startMs, outcome.status);
    try {
      await hooks.afterTask.promise(outcome, ctx);
    } catch (thrown) {
      const error = asTaskError(node, thrown);
      redactError(error, redact);
      // A hook that refuses a successful task fails it; otherwise the task's own result stands.
      if (outcome.status === 'success') return { ...outcome, status: 'failed', error };
      this.log(`afterTask hook failed for ${instance.key}: ${error.message}`);
    }
    return outcome;
  }

  private envFor(instance: TaskInstance, signal: AbortSignal): TaskEnv {
    const task = this.ref(instance.key);
    return createTaskEnv({
      ctx: this.deps.ctx,
      instance,
      signal,
      transports: this.deps.transports,
      hooks: this.deps.hooks,
      redact: this.deps.redact,
      terminal: this.deps.terminal,
      channel: {
        command: (host, command) => {
          this.commands.push({ key: instance.key, host, command });
          this.emit({ type: 'task:command', task, host, command });
        },
        output: (line) => this.emit({ type: 'task:output', task, line }),
      },
    });
  }

  /** The node's span; what it waited for before it started (its last dependency, then a free slot). */
  private traceNode(trace: TraceRecorder, instance: TaskInstance, track: string, startMs: number, status: string): void {
    const index = this.indexOf.get(instance.key)!;
    const readyAtMs = this.readyAt[index] ?? startMs;
    const args = { key: instance.key, status, after: this.lastDependency[index] ?? null, readyAtMs, slotWaitMs: Math.max(0, startMs - readyAtMs) };
    trace.add({ track, cat: 'node', name: instance.node.title ?? instance.node.id, startMs, endMs: trace.now(), args });
  }

  /** Settles an instance by its own result: a failure blocks success nodes from now on. */
  private conclude(instance: TaskInstance, outcome: TaskOutcome): void {
    const failed = outcome.status === 'failed';
    if (failed && this.firstFailure === undefined) {
      this.firstFailure = instance.key;
      this.decideAgain();
    }
    const blocking = failed || outcome.status === 'cancelled';
    this.settle(instance, { status: outcome.status, blocking, cause: failed ? instance.key : undefined }, outcome);
  }

  private settle(instance: TaskInstance, settlement: Settlement, outcome: TaskOutcome): void {
    const index = this.indexOf.get(instance.key)!;
    if (!this.started[index]) this.waitingCount--;
    this.settled.set(instance.key, settlement);
    for (const dependent of this.dependents[index]!) {
      if (--this.unsettled[dependent]! > 0) continue;
      this.lastDependency[dependent] = instance.key;
      this.toDecide.push(dependent);
    }
    this.outcomes.set(instance.key, outcome);
    if (!isAnchor(instance)) this.emit({ type: endEventFor(outcome), task: this.ref(instance.key), outcome });
    this.pump();
  }

  private outcome(
    instance: TaskInstance,
    status: TaskOutcome['status'],
    durationMs: number,
    extra: Pick<TaskOutcome, 'reason' | 'error'> = {},
  ): TaskOutcome {
    const { node, host } = instance;
    return { key: instance.key, nodeId: node.id, title: node.title ?? node.id, host, status, durationMs, ...extra };
  }

  private result(): RunResult {
    const outcomes = this.graph.instances.map((i) => this.outcomes.get(i.key)!);
    const failures = outcomes.filter((o) => o.status === 'failed');
    const exitCode = exitCodeFor(this.interrupted, failures, this.graph.decl.passesExitCode);
    return { ok: exitCode === 0, outcomes, failures, interrupted: this.interrupted, exitCode, commands: this.commands };
  }

  /** A hook that fails after the fact cannot change what happened; it is reported instead. */
  private async safely(hook: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (thrown) {
      this.log(`${hook} hook failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }

  private log(message: string): void {
    this.emit({ type: 'log', message: this.deps.redact(message) });
  }

  private emit(event: RunEvent): void {
    this.deps.reporter.emit(event);
  }

  private ref(key: string): TaskRef {
    return this.refs.get(key)!;
  }
}

function isAnchor(instance: TaskInstance): boolean {
  return instance.node.anchor === true || !instance.node.run;
}

/** The Error handed to the `failed` hook. */
function summarise(result: RunResult): Error {
  const failed = result.failures.map((f) => f.key).join(', ');
  if (result.interrupted) return new AbortedError(failed ? `interrupted; failed: ${failed}` : 'interrupted');
  return new GantryError(`${result.failures.length} task(s) failed: ${failed}`);
}
