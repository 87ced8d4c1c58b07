/**
 * What the live tree needs to draw a frame, without log-update, cli-truncate and wrap-ansi. Those
 * measure every line with string-width, which splits text into grapheme clusters with
 * Intl.Segmenter: loading them cost ≈0.15 CPU s before the first frame, and log-update wrapped
 * the whole tree again on every frame (most of the live tree's CPU on a deploy). Lines here are
 * escape sequences (colours) and short text; a character is one column, or two for East Asian
 * wide characters and emoji, or none for combining marks and controls.
 */

/** A CSI escape sequence (colours, cursor moves), matched where lastIndex points. */
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/y;

/** The length of the escape sequence at `i` (1 for a lone ESC). */
function escapeLength(text: string, i: number): number {
  CSI.lastIndex = i;
  return CSI.exec(text)?.[0].length ?? 1;
}

/** Combining marks and format characters (joiners, direction marks, soft hyphen): no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Symbols below U+2C00 that terminals draw as emoji, two columns wide: [first, last] pairs. */
const WIDE_SYMBOLS = [
  0x231a, 0x231b, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653,
  0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce,
  0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705,
  0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
  0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
];

function isWideSymbol(cp: number): boolean {
  for (let i = 0; i < WIDE_SYMBOLS.length; i += 2) if (cp >= WIDE_SYMBOLS[i]! && cp <= WIDE_SYMBOLS[i + 1]!) return true;
  return false;
}

/** Columns a code point takes in a terminal. */
export function codePointWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // Latin text, `·` in every title: the only mark or format character below U+0300 is the soft hyphen.
  if (cp < 0x300) return cp === 0xad ? 0 : 1;
  // Icons, the spinner and arrows: no mark in this block, a few emoji.
  if (cp >= 0x2190 && cp <= 0x2bff) return cp >= 0x231a && cp <= 0x2b55 && isWideSymbol(cp) ? 2 : 1;
  if (ZERO_WIDTH.test(String.fromCodePoint(cp))) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, punctuation
    (cp >= 0x3041 && cp <= 0x33ff) || // kana, CJK compatibility
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xa000 && cp <= 0xa4cf) || // Yi
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || // fullwidth forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) || // pictographs, emoticons
    (cp >= 0x1f680 && cp <= 0x1f6ff) || // transport symbols
    (cp >= 0x1f900 && cp <= 0x1f9ff) || // supplemental symbols
    (cp >= 0x1fa70 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Columns the text takes on one terminal line; escape sequences take none. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (cp === 0x1b) {
      i += escapeLength(text, i);
      continue;
    }
    width += codePointWidth(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return width;
}

/**
 * The text cut to `columns` with `…` as its last column (what listr's `truncate` format expects of
 * cli-truncate). Escape sequences are kept; a reset follows a cut inside a colour.
 */
export function truncateLine(text: string, columns: number): string {
  if (columns < 1) return '';
  if (visibleWidth(text) <= columns) return text;
  let width = 0;
  let styled = false;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    if (cp === 0x1b) {
      styled = true;
      i += escapeLength(text, i);
      continue;
    }
    const w = codePointWidth(cp);
    if (width + w > columns - 1) break;
    width += w;
    i += cp > 0xffff ? 2 : 1;
  }
  return `${text.slice(0, i)}…${styled ? '\x1b[0m' : ''}`;
}

/** Draws a frame over the previous one (log-update's interface, as listr's DefaultRenderer calls it). */
export interface FrameWriter {
  (...text: string[]): void;
  /** Erases the last frame. */
  clear(): void;
  /** Forgets the last frame: the next one is drawn below it. */
  done(): void;
}

/** What a frame is drawn on: a terminal's size, read when the writer is made, as log-update did. */
export interface FrameStream {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
}

const ESC = '\x1b[';
const eraseLines = (count: number): string => (count ? `${`${ESC}2K${ESC}1A`.repeat(count - 1)}${ESC}2K${ESC}G` : '');

/**
 * A frame writer: erases the last frame's lines and writes the new one. A frame taller than the
 * terminal keeps its last rows (the cursor cannot reach lines scrolled away); a line wider than
 * the terminal counts as the rows it wraps to. An unchanged frame is not written again.
 */
export function frameWriter(stream: FrameStream): FrameWriter {
  const columns = stream.columns || 80;
  const rows = stream.rows || 24;
  let previous = '';
  let previousRows = 0;
  const draw = (...text: string[]): void => {
    let lines = `${text.join(' ')}\n`.split('\n');
    if (lines.length > rows) lines = lines.slice(lines.length - rows);
    const frame = lines.join('\n');
    if (frame === previous) return;
    stream.write(eraseLines(previousRows) + frame);
    previous = frame;
    previousRows = lines.reduce((sum, line) => sum + Math.max(1, Math.ceil(visibleWidth(line) / columns)), 0);
  };
  draw.clear = (): void => {
    stream.write(eraseLines(previousRows));
    previous = '';
    previousRows = 0;
  };
  draw.done = (): void => {
    previous = '';
    previousRows = 0;
  };
  return draw;
}
