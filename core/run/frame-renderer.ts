/**
 * listr2's default renderer redraws the whole tree on every task event and on every spinner tick
 * (100 ms), and a frame of a few dozen tasks costs milliseconds of CPU. A deploy emits hundreds of
 * events in bursts, so most frames were drawn only to be overwritten a few milliseconds later;
 * this renderer draws at most one frame per FRAME_MS, and while nothing happens (a pull, a health
 * wait) the spinner turns once per SPIN_MS. `end()` draws the last frame, so nothing is lost.
 *
 * Frames are written and lines cut by terminal-frame.ts instead of the log-update, cli-truncate
 * and wrap-ansi that listr's render() imports (see there why).
 */
import { DefaultRenderer, ListrEventType, Spinner, type ListrEventManager, type ListrLogger } from 'listr2';
import { frameWriter, truncateLine, type FrameWriter } from './terminal-frame.js';

export const FRAME_MS = 160;
/**
 * Most of a deploy is waiting (pulls, health checks), when the spinner is the only thing that
 * moves: each of its turns is a whole frame (≈2–6 ms of CPU here for a 3-host deploy's 70 tasks),
 * so on a slow deploy the spinner paced nearly every frame drawn.
 */
export const SPIN_MS = 1000;

/** The spinner, turning once per SPIN_MS: enough to show the run is alive. */
export class FrameSpinner extends Spinner {
  override start(cb?: () => void): void {
    super.start(cb, SPIN_MS);
  }
}

/**
 * What DefaultRenderer's own render() sets up, private in listr2's types (listr2 9.0.5, pinned):
 * `updater` draws a frame, `truncate` cuts a line for `formatOutput: 'truncate'`.
 */
interface RendererInternals {
  updater: FrameWriter;
  truncate: (text: string, columns: number) => string;
  logger: ListrLogger;
  spinner: Spinner;
  events: ListrEventManager;
}

type Tasks = ConstructorParameters<typeof DefaultRenderer>[0];
type Options = ConstructorParameters<typeof DefaultRenderer>[1];

export class FrameRenderer extends DefaultRenderer {
  private pending?: NodeJS.Timeout;

  /** Lines are always cut at the terminal width: nothing here word-wraps them. */
  constructor(tasks: Tasks, options: Options, events: ListrEventManager) {
    super(tasks, { ...options, formatOutput: 'truncate' }, events);
  }

  /** listr's render() without its imports: the same frames, drawn by terminal-frame.ts. */
  override async render(): Promise<void> {
    const internals = this as unknown as RendererInternals;
    internals.updater = frameWriter(internals.logger.process.stdout);
    internals.truncate = truncateLine;
    internals.logger.process.hijack();
    internals.spinner.start(() => this.update());
    internals.events.on(ListrEventType.SHOULD_REFRESH_RENDER, () => this.update());
  }

  /** A redraw asked for while one is pending joins it. */
  override update(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      super.update();
    }, FRAME_MS);
  }

  override end(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    super.end();
  }
}
