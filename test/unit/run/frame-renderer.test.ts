/** The live tree draws at most one frame per FRAME_MS, however many redraws a burst of events asks for. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Listr, ListrEventManager, ListrLogger, ProcessOutput } from 'listr2';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FRAME_MS, FrameRenderer, FrameSpinner } from '../../../core/run/frame-renderer.js';

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

/** The frame renderer, accepted without a terminal (listr falls back to its line renderer otherwise). */
class PipeFrameRenderer extends FrameRenderer {
  static override nonTTY = true;
}

/** A terminal-sized stream that keeps what is written to it. */
function screen(columns: number, rows: number) {
  let text = '';
  const stream = { columns, rows, isTTY: true, write: (chunk: string) => ((text += chunk), true) };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

// Strips colours and frame erasing, keeping the text of every frame.
const plain = (text: string) => text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');

test('the tree draws every task with its state, the skip reason and the failure, and its last frame at the end', async () => {
  const out = screen(100, 40);
  const err = screen(100, 40);
  const listr = new Listr(
    [
      { title: 'pull · h1', task: async () => sleep(FRAME_MS * 2) },
      // Skipped with a reason, as the reporter skips a task (listr's `skip` option sets the same message).
      { title: 'stale · h1', skip: 'nothing to stop', task: () => undefined },
      {
        title: 'boot · h1',
        task: async () => {
          await sleep(FRAME_MS);
          throw new Error('port in use');
        },
      },
    ],
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: PipeFrameRenderer,
      rendererOptions: {
        collapseSubtasks: false,
        collapseErrors: false,
        collapseSkips: false,
        logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(out.stream, err.stream) }),
        spinner: new FrameSpinner(),
      },
    },
  );
  await listr.run().catch(() => undefined);
  const drawn = plain(out.text());
  // While running: a spinner on the running tasks (drawn by the frame writer).
  assert.match(drawn, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] pull · h1/);
  // The last frame, printed as the tree ends.
  const last = drawn.slice(drawn.lastIndexOf('pull · h1') - 2);
  assert.match(last, '✔ pull · h1');
  assert.match(last, /⚠ stale · h1\n\s+↓ nothing to stop/);
  assert.match(last, /✖ boot · h1\n\s+› port in use/);
});

test('a line longer than the terminal is cut to its width, ending in …', async () => {
  const out = screen(80, 40);
  const columns = process.stdout.columns;
  process.stdout.columns = 40; // listr's renderer measures the width on process.stdout
  try {
    await new Listr([{ title: `docker run ${'--env A=b '.repeat(10)}`, task: async () => {} }], {
      registerSignalListeners: false,
      renderer: PipeFrameRenderer,
      rendererOptions: { logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(out.stream, out.stream) }), spinner: new FrameSpinner() },
    }).run();
  } finally {
    process.stdout.columns = columns;
  }
  const lines = plain(out.text()).split('\n').filter((line) => line.includes('docker run'));
  assert.ok(lines.length > 0);
  for (const line of lines) {
    assert.ok(line.endsWith('…'), line);
    assert.is([...line].length, 38);
  }
});

test.run();
