/** The live tree draws at most one frame per FRAME_MS, however many redraws a burst of events asks for. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ListrEventManager } from 'listr2';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FRAME_MS, FrameRenderer } from '../../../core/run/frame-renderer.js';

/** listr's renderer draws through `updater(create())`; here a frame is counted instead of drawn. */
function countingRenderer(): { renderer: FrameRenderer; frames: () => number } {
  const renderer = new FrameRenderer([], {}, new ListrEventManager());
  let frames = 0;
  Object.assign(renderer, { updater: () => frames++ });
  renderer.create = () => '';
  return { renderer, frames: () => frames };
}

test('a burst of redraw requests draws one frame, FRAME_MS later', async () => {
  const { renderer, frames } = countingRenderer();
  for (let i = 0; i < 50; i++) renderer.update();
  assert.is(frames(), 0);
  await sleep(FRAME_MS * 2);
  assert.is(frames(), 1);
  // A later request starts a new frame.
  renderer.update();
  await sleep(FRAME_MS * 2);
  assert.is(frames(), 2);
});

test.run();
