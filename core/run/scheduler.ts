/**
 * Runs a resolved task graph as a real DAG: an instance starts as soon as its own dependencies
 * are settled (host A boots while host B still pulls), bounded by `maxParallel` slots. Slots go
 * to ready instances in graph instance order, so primary hosts come first and a dry run
 * (one slot) records its commands in a reproducible order. Bookkeeping is per edge (counts of
 * unsettled dependencies, queues by instance index), so a run costs O(n log n), not O(n²).
 */
import { AbortedError, GantryError } from '../errors.js';
import type { ResolvedGraph, RunContext, TaskEnv, TaskInstance, TaskNode } from '../graph/model.js';
import type { EngineHooks } from '../hooks.js';
import type { Command, TerminalIo, TransportFactory } from '../transport/types.js';
import { IndexQueue } from '../graph/index-queue.js';
import { hasTaps } from '../plugin-hooks.js';
import { asTaskError, redactError } from './plugin-error.js';
import { decide, type Settlement } from './readiness.js';
import { endEventFor } from './labels.js';
import type { RunEvent, RunReporter, TaskRef } from './reporter.js';
import type { TaskOutcome } from './results.js';
import { exitCodeFor, type RecordedCommand, type RunResult } from './run-result.js';
import { runStepBatch, type StepVerdict } from './step-batch.js';
import { createTaskEnv, type TaskChannel, type TaskEnvRun } from './task-env.js';
import { NOT_RUN } from './run-result.js';
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

/**
 * One record per instance: what the run knows about it, reached by reference, not by key. Every
 * field is set in the constructor, so all records keep one shape: a record that grew fields as it
 * settled sent the optimized scheduler code back to the interpreter thousands of times.
 */
class Task {
  /** Its distinct dependencies, in the order it names them. */
  readonly deps: Task[] = [];
  /** The instances waiting for it. */
  readonly dependents: Task[] = [];
  /** Dependencies not settled yet. */
  unsettled = 0;
  /** The last instance that counted this one as its dependency (to count a repeated key once). */
  linkedBy = -1;
  started = false;
  settlement: Settlement | undefined = undefined;
  outcome: TaskOutcome | undefined = undefined;
  /** For the trace: when it could run, and the dependency it waited for last. */
  readyAt: number | undefined = undefined;
  lastDependency: string | undefined = undefined;
  // What the scheduler asks of the node, read once: nodes come in many shapes (one per plugin),
  // and reading them in the hot paths made those paths megamorphic.
  readonly node: TaskNode;
  readonly when: NonNullable<TaskNode['when']>;
  readonly anchor: boolean;
  /** A step node (TaskNode.commands). */
  readonly steps: boolean;
  /** A step node that may share its round trip: on a host, and run only while nothing failed. */
  readonly batchable: boolean;
  /** It has a skip() to ask before it starts. */
  readonly skips: boolean;
  readonly hostName: string | undefined;

  constructor(
    readonly index: number,
    readonly instance: TaskInstance,
    readonly ref: TaskRef,
  ) {
    const { node, host } = instance;
    this.node = node;
    this.when = node.when ?? 'success';
    this.anchor = node.anchor === true || (!node.run && !node.commands);
    this.steps = Boolean(node.commands);
    this.batchable = this.steps && host !== undefined && this.when === 'success';
    this.skips = Boolean(node.skip);
    this.hostName = host?.name;
  }
}

class GraphRun {
  private readonly tasks: Task[];
  /** Not started and not settled. */
  private waitingCount: number;
  /** Dependencies settled: to decide (run, skip, wait) in graph order. */
  private readonly toDecide = new IndexQueue();
  /** Decided to run: waiting for a slot. */
  private readonly runnable = new IndexQueue();
  /** Decided to wait (failure nodes before anything failed): decided again when the run's state changes. */
  private readonly parked = new IndexQueue();
  /** Per host: step nodes (TaskNode.commands) decided to run, for one round trip together. */
  private readonly readySteps = new Map<string, Set<number>>();
  private readonly commands: RecordedCommand[] = [];
  /** What every task's env shares. */
  private readonly envRun: TaskEnvRun;
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
    this.tasks = graph.instances.map((instance, index) => {
      const { node, host } = instance;
      const ref: TaskRef = { key: instance.key, nodeId: node.id, title: node.title ?? node.id, host: host?.name };
      return new Task(index, instance, ref);
    });
    this.waitingCount = graph.instances.length;
    this.envRun = { ctx: deps.ctx, transports: deps.transports, hooks: deps.hooks, redact: deps.redact, terminal: deps.terminal };
    this.slots = deps.ctx.dryRun ? 1 : Math.max(1, deps.maxParallel ?? DEFAULT_MAX_PARALLEL);
    this.interrupted = deps.ctx.signal.aborted;
  }

  async run(): Promise<RunResult> {
    this.linkDependencies();
    const { ctx, reporter, hooks } = this.deps;
    const graphName = this.graph.decl.name;
    const shown = this.tasks.filter((t) => !t.anchor).map((t) => t.ref);
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

  /**
   * Resolves each instance's dependency keys to their records (an unknown one is an error), counts
   * the distinct ones and lists each instance's dependents; instances with none are queued.
   * Indexed loops: this runs once over every edge, before the optimizing compiler has caught up,
   * where for…of allocates at every step.
   */
  private linkDependencies(): void {
    const { tasks } = this;
    const byKey = new Map<string, Task>();
    for (let t = 0; t < tasks.length; t++) byKey.set(tasks[t]!.instance.key, tasks[t]!);
    const unknown: string[] = [];
    const dependentCounts = new Uint32Array(tasks.length);
    for (let t = 0; t < tasks.length; t++) {
      const task = tasks[t]!;
      const { dependsOn } = task.instance;
      for (let d = 0; d < dependsOn.length; d++) {
        const dep = byKey.get(dependsOn[d]!);
        if (!dep) unknown.push(`${task.instance.key} → ${dependsOn[d]}`);
        else if (dep.linkedBy !== t) {
          dep.linkedBy = t;
          task.deps.push(dep);
          dependentCounts[dep.index]!++;
        }
      }
    }
    if (unknown.length) throw new GantryError(`task graph refers to unknown instances: ${unknown.join(', ')}`);
    // Sized up front: an anchor before every host's work has thousands of dependents.
    for (let t = 0; t < tasks.length; t++) tasks[t]!.dependents.length = dependentCounts[t]!;
    dependentCounts.fill(0);
    for (let t = 0; t < tasks.length; t++) {
      const task = tasks[t]!;
      const { deps } = task;
      task.unsettled = deps.length;
      for (let d = 0; d < deps.length; d++) deps[d]!.dependents[dependentCounts[deps[d]!.index]!++] = task;
      if (task.unsettled === 0) this.toDecide.push(t);
    }
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
    const stuck = this.tasks.filter((task) => !task.started && !task.settlement);
    const error = new GantryError(`task graph cannot progress (a dependency cycle?): ${stuck.map((t) => t.instance.key).join(', ')}`);
    for (const task of stuck) this.conclude(task, this.outcome(task, 'failed', 0, { error }));
  }

  /** A failure or an interrupt changes what waiting instances should do: decide them again. */
  private decideAgain(): void {
    this.readySteps.clear();
    for (const index of [...this.runnable.drain(), ...this.parked.drain()]) this.toDecide.push(index);
  }

  private decideReady(quiescent: boolean): void {
    if (!this.toDecide.size) return;
    const state = { firstFailure: this.firstFailure, interrupted: this.interrupted, quiescent };
    for (let index = this.toDecide.pop(); index !== undefined; index = this.toDecide.pop()) {
      const task = this.tasks[index]!;
      if (task.started || task.settlement) continue;
      // A skip or a failure below changes the run's state for the instances decided after it.
      state.firstFailure = this.firstFailure;
      state.interrupted = this.interrupted;
      const decision = decide(task.when, firstBlocking(task.deps), state);
      if (decision.action === 'wait') {
        this.parked.push(index);
      } else if (decision.action === 'skip') {
        this.settle(task, decision.settlement, this.outcome(task, 'skipped', 0, { reason: decision.reason }));
      } else if (task.anchor) {
        this.conclude(task, this.outcome(task, 'success', 0));
      } else {
        if (this.deps.trace) task.readyAt = this.deps.trace.now();
        this.runnable.push(index);
        if (task.batchable) this.readyStepsOn(task.hostName!).add(index);
      }
    }
  }

  /** Fills free slots with runnable instances, lowest graph index first. */
  private startRunnable(): void {
    while (this.running < this.slots && !this.toDecide.size) {
      const index = this.runnable.pop();
      if (index === undefined) return;
      const task = this.tasks[index]!;
      if (task.started || task.settlement) continue;
      if (this.ownSkip(task)) continue;
      if (task.steps) this.startBatch(task);
      else this.start(task);
    }
  }

  private readyStepsOn(host: string): Set<number> {
    let set = this.readySteps.get(host);
    if (!set) this.readySteps.set(host, (set = new Set()));
    return set;
  }

  /**
   * A step node goes to its host in one round trip with the other step nodes ready there, and
   * with the step nodes on that host that wait only on those (in dependency order).
   */
  private startBatch(seed: Task): void {
    const members: { task: Task; commands: Command[] }[] = [];
    const inBatch = new Set<Task>();
    const add = (task: Task): void => {
      const commands = this.stepCommands(task);
      if (!commands) return;
      members.push({ task, commands });
      inBatch.add(task);
    };
    add(seed);
    if (seed.batchable && members.length) {
      const host = seed.hostName!;
      for (const index of this.readySteps.get(host) ?? []) {
        const task = this.tasks[index]!;
        if (task === seed || task.started || task.settlement) continue;
        if (!this.ownSkip(task)) add(task);
      }
      for (let m = 0; m < members.length; m++) {
        for (const dependent of members[m]!.task.dependents) {
          if (this.joinsBatch(dependent, host, inBatch)) add(dependent);
        }
      }
    }
    if (!members.length) return;
    for (const { task } of members) {
      task.started = true;
      this.waitingCount--;
      this.readySteps.get(task.hostName ?? '')?.delete(task.index);
    }
    this.running++;
    void this.executeBatch(members).then((outcomes) => {
      // The slot stays taken until every member is settled, so no pump in between sees a stall.
      outcomes.forEach(({ outcome, settlement }, m) => {
        const task = members[m]!.task;
        if (settlement) this.settle(task, settlement, outcome);
        else this.conclude(task, outcome);
      });
      this.running--;
      this.pump();
    });
  }

  /** A step node waiting only on settled successes and members of the batch, with nothing left to decide. */
  private joinsBatch(task: Task, host: string, inBatch: Set<Task>): boolean {
    if (!task.batchable || task.hostName !== host || task.skips) return false;
    if (task.started || inBatch.has(task) || task.settlement) return false;
    if (this.firstFailure !== undefined || this.interrupted) return false;
    return task.deps.every((dep) => inBatch.has(dep) || dep.settlement?.status === 'success');
  }

  /** The node's commands, or undefined when building them failed (the node is then concluded as failed). */
  private stepCommands(task: Task): Command[] | undefined {
    const { instance } = task;
    try {
      if (!instance.host) throw new GantryError(`${instance.key}: a node with commands() needs a host (scope perHost or once)`);
      return instance.node.commands!(this.deps.ctx, instance.host);
    } catch (thrown) {
      const error = asTaskError(instance.node, thrown);
      redactError(error, this.deps.redact);
      this.conclude(task, this.outcome(task, 'failed', 0, { error }));
      return undefined;
    }
  }

  /** Evaluates the node's skip(); a skipped node counts as done for its dependents. */
  private ownSkip(task: Task): boolean {
    if (!task.skips) return false;
    const { node } = task;
    let verdict: boolean | string;
    try {
      verdict = node.skip!(this.deps.ctx) ?? false;
    } catch (thrown) {
      this.conclude(task, this.outcome(task, 'failed', 0, { error: asTaskError(node, thrown) }));
      return true;
    }
    if (verdict === false) return false;
    const reason = typeof verdict === 'string' ? this.deps.redact(verdict) : 'skipped';
    this.conclude(task, this.outcome(task, 'skipped', 0, { reason }));
    return true;
  }

  /** Runs one instance between its hooks; its outcome settles it. */
  private start(task: Task): void {
    task.started = true;
    this.waitingCount--;
    this.running++;
    const { ctx, hooks, trace } = this.deps;
    const { node } = task;
    const signal = task.when === 'success' ? ctx.signal : this.cleanupSignal;
    const env = this.envFor(task, signal);
    const timing = { started: Date.now(), startMs: trace?.now() ?? 0, track: task.hostName ?? 'local' };
    this.emit({ type: 'task:start', task: task.ref });
    let ran: Promise<void> | void;
    try {
      // Hooks without taps are skipped: a 2,000-host run settles tens of thousands of instances.
      ran = trace || hasTaps(hooks.beforeTask) ? withTrack(trace, timing.track, () => this.hooked(node, env)) : node.run!(env);
    } catch (error) {
      ran = Promise.reject(error);
    }
    const finish = (thrown: unknown): void => {
      const outcome = this.finishTask(task, env, signal, timing, thrown);
      if (outcome instanceof Promise) void outcome.then((o) => this.stopped(task, o));
      else this.stopped(task, outcome);
    };
    Promise.resolve(ran).then(
      () => finish(undefined),
      (error: unknown) => finish(error ?? new Error('task failed')),
    );
  }

  private async hooked(node: TaskNode, env: TaskEnv): Promise<void> {
    const { hooks } = this.deps;
    if (hasTaps(hooks.beforeTask)) await hooks.beforeTask.promise(node, env);
    await node.run!(env);
  }

  private stopped(task: Task, outcome: TaskOutcome): void {
    this.running--;
    this.conclude(task, outcome);
  }

  /**
   * One round trip for several step nodes on a host; each still gets its hooks, span and outcome.
   * A step after a failed one did not run: it is settled as not run because of that failure.
   */
  private async executeBatch(members: readonly { task: Task; commands: Command[] }[]): Promise<{ outcome: TaskOutcome; settlement?: Settlement }[]> {
    const { ctx, hooks } = this.deps;
    const tasks = members.map(({ task }) => task);
    const host = tasks[0]!.instance.host!;
    const signal = tasks.every((t) => t.when === 'success') ? ctx.signal : this.cleanupSignal;
    const timing = { started: Date.now(), startMs: this.deps.trace?.now() ?? 0, track: host.name };
    const envs = tasks.map((task) => this.envFor(task, signal));
    for (const task of tasks) this.emit({ type: 'task:start', task: task.ref });

    // A beforeTask hook that throws fails its node; the batch stops there, as a failed command would.
    const verdicts: (StepVerdict | { ran: true; error: unknown })[] = [];
    let cut = tasks.length;
    let hookError: unknown;
    if (hasTaps(hooks.beforeTask)) {
      for (let m = 0; m < tasks.length; m++) {
        try {
          await hooks.beforeTask.promise(tasks[m]!.instance.node, envs[m]!);
        } catch (thrown) {
          cut = m;
          hookError = thrown ?? new Error('beforeTask failed');
          break;
        }
      }
    }
    try {
      const steps = members.slice(0, cut).map(({ commands }, m) => ({ commands, channel: this.channelFor(tasks[m]!) }));
      const ran = await withTrack(this.deps.trace, host.name, () =>
        runStepBatch(steps, { host, transport: () => this.deps.transports.forHost(host.name), hooks, redact: this.deps.redact, dryRun: ctx.dryRun, signal }),
      );
      verdicts.push(...ran);
    } catch (thrown) {
      return Promise.all(tasks.map(async (task, m) => ({ outcome: await this.finishTask(task, envs[m]!, signal, timing, thrown) })));
    }
    // The steps before the hook's node ran; if none of them failed, the hook's node carries the failure.
    if (cut < tasks.length && verdicts.every((v) => v.ran && v.error === undefined)) verdicts.push({ ran: true, error: hookError });
    const failedAt = verdicts.findIndex((v) => v.ran && v.error !== undefined);
    const cause = failedAt === -1 ? undefined : tasks[failedAt]!.instance.key;
    return Promise.all(
      tasks.map(async (task, m) => {
        const verdict = verdicts[m];
        if (verdict?.ran) return { outcome: await this.finishTask(task, envs[m]!, signal, timing, verdict.error) };
        const reason = `${NOT_RUN}${cause} failed`;
        if (this.deps.trace) this.traceNode(this.deps.trace, task, host.name, timing.startMs, 'skipped');
        return { outcome: this.outcome(task, 'skipped', 0, { reason }), settlement: { status: 'skipped' as const, blocking: true, cause } };
      }),
    );
  }

  /**
   * The outcome of a task that ran (`thrown` unset) or threw; its failure hook, span and afterTask
   * hook. Synchronous when no hook needs waiting for (most tasks of a large run).
   */
  private finishTask(
    task: Task,
    env: TaskEnv,
    signal: AbortSignal,
    timing: { started: number; startMs: number; track: string },
    thrown: unknown,
  ): TaskOutcome | Promise<TaskOutcome> {
    const { hooks } = this.deps;
    if (thrown !== undefined) return this.finishFailed(task, env, signal, timing, thrown);
    const outcome = this.outcome(task, 'success', Date.now() - timing.started);
    if (this.deps.trace) this.traceNode(this.deps.trace, task, timing.track, timing.startMs, outcome.status);
    return hasTaps(hooks.afterTask) ? this.afterTask(task, outcome) : outcome;
  }

  private async finishFailed(
    task: Task,
    env: TaskEnv,
    signal: AbortSignal,
    timing: { started: number; startMs: number; track: string },
    thrown: unknown,
  ): Promise<TaskOutcome> {
    const { hooks, redact } = this.deps;
    const { node } = task.instance;
    const cancelled = signal.aborted && isAbortError(thrown);
    const error = cancelled ? new AbortedError() : asTaskError(node, thrown);
    redactError(error, redact);
    if (!cancelled) await this.safely('taskFailed', () => hooks.taskFailed.promise(node, error, env));
    const status = cancelled ? 'cancelled' : 'failed';
    const outcome = this.outcome(task, status, Date.now() - timing.started, { error, reason: cancelled ? 'interrupted' : undefined });
    if (this.deps.trace) this.traceNode(this.deps.trace, task, timing.track, timing.startMs, outcome.status);
    return hasTaps(hooks.afterTask) ? this.afterTask(task, outcome) : outcome;
  }

  private async afterTask(task: Task, outcome: TaskOutcome): Promise<TaskOutcome> {
    const { ctx, hooks, redact } = this.deps;
    try {
      await hooks.afterTask.promise(outcome, ctx);
    } catch (hookThrown) {
      const error = asTaskError(task.instance.node, hookThrown);
      redactError(error, redact);
      // A hook that refuses a successful task fails it; otherwise the task's own result stands.
      if (outcome.status === 'success') return { ...outcome, status: 'failed', error };
      this.log(`afterTask hook failed for ${task.instance.key}: ${error.message}`);
    }
    return outcome;
  }

  private envFor(task: Task, signal: AbortSignal): TaskEnv {
    return createTaskEnv(this.envRun, task.instance, signal, this.channelFor(task));
  }

  /** Where an instance's commands are recorded and its output reported. */
  private channelFor(task: Task): TaskChannel {
    return new RecordingChannel(task.ref, this.commands, this.deps.reporter);
  }

  /** The node's span; what it waited for before it started (its last dependency, then a free slot). */
  private traceNode(trace: TraceRecorder, task: Task, track: string, startMs: number, status: string): void {
    const { instance } = task;
    const readyAtMs = task.readyAt ?? startMs;
    const args = { key: instance.key, status, after: task.lastDependency ?? null, readyAtMs, slotWaitMs: Math.max(0, startMs - readyAtMs) };
    trace.add({ track, cat: 'node', name: instance.node.title ?? instance.node.id, startMs, endMs: trace.now(), args });
  }

  /** Settles an instance by its own result: a failure blocks success nodes from now on. */
  private conclude(task: Task, outcome: TaskOutcome): void {
    const failed = outcome.status === 'failed';
    if (failed && this.firstFailure === undefined) {
      this.firstFailure = task.instance.key;
      this.decideAgain();
    }
    const blocking = failed || outcome.status === 'cancelled';
    this.settle(task, { status: outcome.status, blocking, cause: failed ? task.instance.key : undefined }, outcome);
  }

  private settle(task: Task, settlement: Settlement, outcome: TaskOutcome): void {
    if (!task.started) this.waitingCount--;
    task.settlement = settlement;
    this.release(task);
    task.outcome = outcome;
    if (!task.anchor) this.emit({ type: endEventFor(outcome), task: task.ref, outcome });
    this.pump();
  }

  /**
   * Counts the settled task off its dependents and queues those with nothing left to wait for.
   * Its own function, not settle()'s loop: V8 compiles a long first loop on the fly (OSR), and
   * settle()'s code after the loop, not yet run then, sent that code back to the interpreter on
   * every later call (≈2,100 deoptimizations in a 2,000-host dry run).
   */
  private release(task: Task): void {
    const { dependents } = task;
    const { key } = task.instance;
    for (let d = 0; d < dependents.length; d++) {
      const dependent = dependents[d]!;
      if (--dependent.unsettled > 0) continue;
      dependent.lastDependency = key;
      this.toDecide.push(dependent.index);
    }
  }

  private outcome(task: Task, status: TaskOutcome['status'], durationMs: number, extra?: Pick<TaskOutcome, 'reason' | 'error'>): TaskOutcome {
    const { key, node, host } = task.instance;
    const outcome: TaskOutcome = { key, nodeId: node.id, title: node.title ?? node.id, host, status, durationMs };
    return extra ? { ...outcome, ...extra } : outcome;
  }

  private result(): RunResult {
    const outcomes = this.tasks.map((t) => t.outcome!);
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
}

/** An instance's channel: its commands go to the run's record and, like its output, to the reporter. */
class RecordingChannel implements TaskChannel {
  constructor(
    private readonly ref: TaskRef,
    private readonly commands: RecordedCommand[],
    private readonly reporter: RunReporter,
  ) {}

  command(host: string, command: string): void {
    this.commands.push({ key: this.ref.key, host, command });
    this.reporter.emit({ type: 'task:command', task: this.ref, host, command });
  }

  output(line: string): void {
    this.reporter.emit({ type: 'task:output', task: this.ref, line });
  }
}

/** The first dependency that settled blocking (decided only once every dependency settled). */
function firstBlocking(deps: readonly Task[]): Settlement | undefined {
  for (let d = 0; d < deps.length; d++) if (deps[d]!.settlement!.blocking) return deps[d]!.settlement;
  return undefined;
}


/** The Error handed to the `failed` hook. */
function summarise(result: RunResult): Error {
  const failed = result.failures.map((f) => f.key).join(', ');
  if (result.interrupted) return new AbortedError(failed ? `interrupted; failed: ${failed}` : 'interrupted');
  return new GantryError(`${result.failures.length} task(s) failed: ${failed}`);
}
