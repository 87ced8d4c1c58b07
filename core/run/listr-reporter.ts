/**
 * The TTY view: listr2's default renderer draws one line per task instance. listr2 renders, it
 * does not plan: every listr task is started at once (`concurrent: true`, never a number, which
 * deadlocks with waiting tasks) and its body only mirrors what the scheduler reports for that
 * instance. listr's own run result is ignored; failures come from our RunResult.
 */
import {
  Listr,
  ListrLogger,
  ListrTaskState,
  ProcessOutput,
  type ListrGetRendererClassFromValue,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';
import { AbortedError } from '../errors.js';
import { FrameRenderer, FrameSpinner } from './frame-renderer.js';
import { seconds, taskLabel } from './labels.js';
import type { RunReporter, TaskRef } from './reporter.js';
import type { TaskOutcome } from './results.js';

const SHOW_INTERVAL_MS = 250;

/** `default` draws the live tree; `test` writes listr's serialised state changes (for tests). */
type Renderer = 'default' | 'test';

export interface ListrReporterOptions {
  renderer?: Renderer;
  /** Where listr writes; default stdout. */
  out?: NodeJS.WriteStream;
}

/** What listr is given: the frame-limited tree for `default`, listr's own `test` renderer. */
type RendererValue = typeof FrameRenderer | 'test';
type RendererClass = ListrGetRendererClassFromValue<RendererValue>;
type FallbackClass = ListrGetRendererClassFromValue<'simple'>;
type Wrapper = ListrTaskWrapper<unknown, RendererClass, FallbackClass>;

/**
 * One instance as listr shows it. listr marks every task of a concurrent list as started at
 * once; until the scheduler really starts the instance, its task is put back to WAITING (the
 * dim square listr uses for queued tasks) so it does not spin as if it were running.
 */
class TaskView {
  readonly outcome: Promise<TaskOutcome>;
  end!: (outcome: TaskOutcome) => void;
  private wrapper?: Wrapper;
  private started = false;
  private lastLine?: string;
  private showTimer?: NodeJS.Timeout;

  constructor(readonly ref: TaskRef) {
    this.outcome = new Promise((resolve) => (this.end = resolve));
  }

  attach(wrapper: Wrapper): void {
    this.wrapper = wrapper;
    if (!this.started) wrapper.task.state$ = ListrTaskState.WAITING;
    if (this.lastLine !== undefined) wrapper.output = this.lastLine;
  }

  start(): void {
    this.started = true;
    if (this.wrapper) this.wrapper.task.state$ = ListrTaskState.STARTED;
  }

  /**
   * Every output change makes listr redraw the whole tree at once, so lines are shown at most
   * every SHOW_INTERVAL_MS per task: the latest one wins.
   */
  show(line: string): void {
    this.lastLine = line;
    this.showTimer ??= setTimeout(() => {
      this.showTimer = undefined;
      if (this.wrapper && this.lastLine !== undefined) this.wrapper.output = this.lastLine;
    }, SHOW_INTERVAL_MS).unref();
  }

  private stopShowing(): void {
    clearTimeout(this.showTimer);
    this.showTimer = undefined;
  }

  /** The listr task body: settles the way the scheduler settled the instance. */
  async mirror(wrapper: Wrapper): Promise<void> {
    this.attach(wrapper);
    const outcome = await this.outcome;
    this.stopShowing();
    switch (outcome.status) {
      case 'success':
        wrapper.title = `${taskLabel(this.ref)} (${seconds(outcome.durationMs)})`;
        return;
      case 'skipped':
        wrapper.skip(outcome.reason);
        return;
      case 'cancelled':
        throw new AbortedError('cancelled (interrupted)');
      case 'failed':
        throw outcome.error ?? new Error('failed');
    }
  }
}

/**
 * The one line a task shows under its title: the first line, cut to the terminal width. listr
 * re-wraps every visible line on every frame, and measuring long commands (a multi-line health
 * script, a docker run with its env) that often cost seconds of CPU per deploy.
 */
export function previewLine(text: string, columns: number | undefined): string {
  const first = text.split('\n', 1)[0]!;
  const width = Math.max(20, (columns ?? 100) - 8);
  return first.length > width ? `${first.slice(0, width - 1)}…` : first;
}

function treeOptions(out: NodeJS.WriteStream) {
  return {
    collapseSubtasks: false,
    // Keep the title on failed/skipped lines; the message (stderr, reason) shows under it.
    collapseErrors: false,
    collapseSkips: false,
    // stderr stays listr's default: it buffers stray writes while drawing and prints them after.
    logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(out) }),
    spinner: new FrameSpinner(),
  };
}

function testOptions(out: NodeJS.WriteStream) {
  return { logger: new ListrLogger({ useIcons: false, processOutput: new ProcessOutput(out, out) }) };
}

export function listrReporter({ renderer = 'default', out = process.stdout }: ListrReporterOptions = {}): RunReporter {
  const views = new Map<string, TaskView>();
  const logs: string[] = [];
  let drawing: Promise<unknown> = Promise.resolve();

  const startListr = (tasks: readonly TaskRef[]): void => {
    const listrTasks: ListrTask<unknown, RendererClass, FallbackClass>[] = tasks.map((ref) => {
      const view = new TaskView(ref);
      views.set(ref.key, view);
      return { title: taskLabel(ref), task: (_ctx, wrapper) => view.mirror(wrapper) };
    });
    const listr = new Listr<unknown, RendererValue, 'simple'>(listrTasks, {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: renderer === 'default' ? FrameRenderer : 'test',
      rendererOptions: renderer === 'default' ? treeOptions(out) : testOptions(out),
    });
    // The result of listr's run carries no truth (it resolves even when tasks failed).
    drawing = listr.run().catch(() => undefined);
  };

  return {
    emit(event) {
      switch (event.type) {
        case 'run:start':
          return startListr(event.tasks);
        case 'task:start':
          return views.get(event.task.key)?.start();
        case 'task:command':
          return views.get(event.task.key)?.show(previewLine(`$ ${event.command}`, out.columns));
        case 'task:output':
          return views.get(event.task.key)?.show(previewLine(event.line, out.columns));
        case 'task:success':
        case 'task:skip':
        case 'task:fail':
        case 'task:cancel':
          return views.get(event.task.key)?.end(event.outcome);
        case 'log':
          // The tree owns the terminal while listr draws; print run-wide notices afterwards.
          logs.push(event.message);
          return;
        case 'run:end':
          return;
      }
    },
    async flush() {
      await drawing;
      for (const message of logs.splice(0)) out.write(`${message}\n`);
    },
  };
}
