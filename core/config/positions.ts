/** Where each key of a config was written: JSON pointer → file:line:col. */
import { LineCounter } from 'yaml';

export interface Position {
  file: string;
  line: number;
  col: number;
}

/** Keys by JSON pointer (`/servers/web/hosts/0`), `''` for the document itself. */
export type PositionMap = Map<string, Position>;

function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function childPointer(parent: string, segment: string | number): string {
  return `${parent}/${escapePointerSegment(String(segment))}`;
}

/** The position of the pointer, or of its nearest ancestor that has one (missing keys report at their parent). */
export function positionOf(positions: PositionMap, pointer: string, fallbackFile: string): Position {
  let current = pointer;
  for (;;) {
    const found = positions.get(current);
    if (found) return found;
    if (current === '') return { file: fallbackFile, line: 1, col: 1 };
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/** 1-based line and column of an offset in `text` (yaml's LineCounter, fed the text's line starts). */
export function lineIndex(text: string): (offset: number) => { line: number; col: number } {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') counter.addNewLine(i + 1);
  return (offset) => counter.linePos(offset);
}
