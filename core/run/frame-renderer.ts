/**
 * listr2's default renderer redraws the whole tree on every task event and on every spinner tick
 * (100 ms), and a frame of a few dozen tasks costs milliseconds of CPU. A deploy emits hundreds of
 * events in bursts, so most frames were drawn only to be overwritten a few milliseconds later;
 * this renderer draws at most one frame per FRAME_MS, and while nothing happens (a pull, a health
 * wait) the spinner turns once per SPIN_MS. `end()` draws the last frame, so nothing is lost.
 */
import { DefaultRenderer, Spinner } from 'listr2';

export const FRAME_MS = 160;
export const SPIN_MS = 400;

/** The spinner, turning once per SPIN_MS: enough to show the run is alive. */
export class FrameSpinner extends Spinner {
  override start(cb?: () => void): void {
    super.start(cb, SPIN_MS);
  }
}

export class FrameRenderer extends DefaultRenderer {
  private pending?: NodeJS.Timeout;

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
