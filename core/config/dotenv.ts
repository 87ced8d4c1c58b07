/**
 * Dotenv files as Kamal reads secrets: `KEY=value`, quotes, `export`, comments, `$VAR`,
 * `${VAR}` and `$(command)`. Parsing is pure; expansion gets its lookups and command runner
 * from the caller, so nothing runs until a value is needed.
 */
import { ConfigError } from '../errors.js';
import { lineIndex } from './positions.js';

export interface DotenvEntry {
  key: string;
  /** The value as written, without its quotes. */
  raw: string;
  /** Single-quoted values are literal; the others are expanded. */
  quote: "'" | '"' | '';
  file: string;
  line: number;
  col: number;
}

const ASSIGNMENT = /[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*(?:=|:[ \t])[ \t]*/y;

export function parseDotenv(text: string, file: string): DotenvEntry[] {
  const where = lineIndex(text);
  const entries: DotenvEntry[] = [];
  let i = 0;
  while (i < text.length) {
    const lineEnd = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    const line = text.slice(i, lineEnd);
    if (/^\s*(#.*)?$/.test(line)) {
      i = lineEnd + 1;
      continue;
    }
    ASSIGNMENT.lastIndex = i;
    const assignment = ASSIGNMENT.exec(text);
    if (!assignment) {
      // The line is not echoed: a broken line in a secrets file is usually a secret.
      throw new ConfigError([{ file, ...where(i), path: '', message: 'expected KEY=value (the line is not shown: it may hold a secret)' }]);
    }
    const valueStart = ASSIGNMENT.lastIndex;
    const quote = text[valueStart] === '"' || text[valueStart] === "'" ? (text[valueStart] as '"' | "'") : '';
    let raw: string;
    let valueEnd: number;
    if (quote) {
      const close = closingQuote(text, valueStart + 1, quote);
      if (close === -1) throw new ConfigError([{ file, ...where(valueStart), path: assignment[1], message: `unterminated ${quote} quote` }]);
      raw = text.slice(valueStart + 1, close);
      valueEnd = close + 1;
    } else {
      const rest = text.slice(valueStart, lineEnd);
      raw = rest.replace(/(^|\s)#.*$/, '').trim();
      valueEnd = lineEnd;
    }
    entries.push({ key: assignment[1], raw, quote, file, ...where(i + assignment[0].indexOf(assignment[1])) });
    const next = text.indexOf('\n', valueEnd);
    i = next === -1 ? text.length : next + 1;
  }
  return entries;
}

/** Multi-line values are allowed inside quotes (PEM keys); `\"` does not close a double quote. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

export interface Expansion {
  /** Earlier keys, then the process environment; undefined expands to ''. */
  lookup(name: string): string | undefined;
  /** Runs `$(command)`; returns its stdout without trailing newlines. */
  run(command: string, entry: DotenvEntry): string;
}

export function expandEntry(entry: DotenvEntry, expansion: Expansion): string {
  if (entry.quote === "'") return entry.raw;
  const raw = entry.raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && (entry.quote === '"' || raw[i + 1] === '$') && i + 1 < raw.length) {
      out += unescape(raw[++i]);
    } else if (c === '$' && raw[i + 1] === '(') {
      const close = matchingParen(raw, i + 1);
      if (close === -1) throw new ConfigError([{ file: entry.file, line: entry.line, col: entry.col, path: entry.key, message: 'unterminated $(' }]);
      out += expansion.run(raw.slice(i + 2, close), entry);
      i = close;
    } else if (c === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      if (close === -1) throw new ConfigError([{ file: entry.file, line: entry.line, col: entry.col, path: entry.key, message: 'unterminated ${' }]);
      out += expansion.lookup(raw.slice(i + 2, close)) ?? '';
      i = close;
    } else if (c === '$' && /[A-Za-z_]/.test(raw[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1))![0];
      out += expansion.lookup(name) ?? '';
      i += name.length;
    } else {
      out += c;
    }
  }
  return out;
}

/** Double quotes take `\n`, `\t` and `\<char>`; unquoted values only `\$`. */
function unescape(c: string): string {
  if (c === 'n') return '\n';
  if (c === 't') return '\t';
  return c;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
