/** Measuring, cutting and drawing the live tree's lines without log-update and cli-truncate. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frameWriter, truncateLine, visibleWidth } from '../../../core/run/terminal-frame.js';

const green = (text: string) => `\x1b[32m${text}\x1b[39m`;

test('a line is as wide as its characters: colours take no column, wide characters two, combining marks none', () => {
  assert.is(visibleWidth('pull · h1'), 9);
  assert.is(visibleWidth(`${green('✔')} boot web`), 10);
  assert.is(visibleWidth('デプロイ'), 8);
  assert.is(visibleWidth('e\u0301'), 1);
  assert.is(visibleWidth('🚀 go'), 5);
  assert.is(visibleWidth(''), 0);
});

test('a line cut to the terminal width ends in … in its last column; a short one is left alone', () => {
  assert.is(truncateLine('short', 10), 'short');
  assert.is(truncateLine('exactly-10', 10), 'exactly-10');
  assert.is(truncateLine('docker run --env A=b', 10), 'docker ru…');
  assert.is(truncateLine('デプロイ完了', 7), 'デプロ…');
  assert.is(truncateLine('anything', 0), '');
});

test('a cut inside a colour keeps the colour and resets after the cut', () => {
  const cut = truncateLine(`${green('✔')} a long title here`, 8);
  assert.is(cut, `${green('✔')} a lon…\x1b[0m`);
  assert.is(visibleWidth(cut), 8);
});

function terminal(columns: number, rows: number) {
  const writes: string[] = [];
  return { columns, rows, writes, write: (text: string) => writes.push(text) };
}

const ERASE = '\x1b[2K';
const UP = '\x1b[1A';
const LEFT = '\x1b[G';

test('each frame erases the rows of the one before (the cursor ends on the row below it)', () => {
  const out = terminal(80, 24);
  const draw = frameWriter(out);
  draw('a\nb');
  draw('c');
  assert.equal(out.writes, ['a\nb\n', `${ERASE}${UP}${ERASE}${UP}${ERASE}${LEFT}c\n`]);
});

test('an unchanged frame is not written again', () => {
  const out = terminal(80, 24);
  const draw = frameWriter(out);
  draw('same');
  draw('same');
  assert.is(out.writes.length, 1);
});

test('a line wider than the terminal counts as the rows it wraps to', () => {
  const out = terminal(10, 24);
  const draw = frameWriter(out);
  draw('x'.repeat(25));
  draw('y');
  // 3 rows of x, and the row the cursor is on.
  assert.is(out.writes[1], `${`${ERASE}${UP}`.repeat(3)}${ERASE}${LEFT}y\n`);
});

test('a frame taller than the terminal keeps its last rows', () => {
  const out = terminal(80, 3);
  const draw = frameWriter(out);
  draw('1\n2\n3\n4');
  assert.is(out.writes[0], '3\n4\n');
});

test('clear erases the last frame; after done the next frame is drawn below it', () => {
  const out = terminal(80, 24);
  const draw = frameWriter(out);
  draw('a');
  draw.clear();
  assert.is(out.writes[1], `${ERASE}${UP}${ERASE}${LEFT}`);
  draw('b');
  draw.done();
  draw('c');
  assert.is(out.writes.at(-1), 'c\n');
});

test.run();
