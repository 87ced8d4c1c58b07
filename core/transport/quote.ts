/**
 * Turns argv data into one POSIX shell string. This is the only place in Gantry that quotes:
 * builders return plain words, transports call toShell right before a command runs.
 */
import type { Command, RawShell, Word } from './types.js';

/** Shell syntax that must reach the shell as written (`|`, `&&`, `2>&1`, ...). */
export function raw(s: string): RawShell {
  return { raw: s };
}

export function isRaw(word: Word): word is RawShell {
  return typeof word !== 'string';
}

export function hasRawShell(cmd: Command): boolean {
  return cmd.some(isRaw);
}

/** The words of a command free of raw shell syntax, ready to spawn without a shell; else undefined. */
export function plainArgv(cmd: Command): string[] | undefined {
  return cmd.every((word): word is string => typeof word === 'string') ? [...cmd] : undefined;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX single-quote quoting; safe words stay readable, everything else is taken literally. */
export function quoteWord(word: string): string {
  return SAFE_WORD.test(word) ? word : singleQuote(word);
}

function singleQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

// In command position a bare `A=b` is an assignment and `if` a keyword, not a program name;
// quoting them keeps the meaning the argv had when spawned without a shell.
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', 'select', 'time']);

function quoteCommandName(word: string): string {
  return ASSIGNMENT.test(word) || RESERVED.has(word) ? singleQuote(word) : quoteWord(word);
}

// Indexed loops in toShell and joinWith: a large run builds and quotes tens of thousands of
// commands, and map/flatMap with a spread made an array per word or part.
export function toShell(cmd: Command): string {
  let commandPosition = true;
  const words = new Array<string>(cmd.length);
  for (let i = 0; i < cmd.length; i++) {
    const word = cmd[i]!;
    if (isRaw(word)) {
      commandPosition = true;
      words[i] = word.raw;
    } else {
      words[i] = commandPosition ? quoteCommandName(word) : quoteWord(word);
      commandPosition = false;
    }
  }
  return words.join(' ');
}

function joinWith(operator: string, cmds: Command[]): Command {
  const out: Word[] = [];
  for (let c = 0; c < cmds.length; c++) {
    if (c > 0) out.push(raw(operator));
    const cmd = cmds[c]!;
    for (let w = 0; w < cmd.length; w++) out.push(cmd[w]!);
  }
  return out;
}

/** `a && b && c` */
export function and(...cmds: Command[]): Command {
  return joinWith('&&', cmds);
}

/** `a || b || c` */
export function or(...cmds: Command[]): Command {
  return joinWith('||', cmds);
}

/** `a | b | c` */
export function pipe(...cmds: Command[]): Command {
  return joinWith('|', cmds);
}

/** `a ; b ; c` */
export function seq(...cmds: Command[]): Command {
  return joinWith(';', cmds);
}

/** `( cmd )`: groups a compound command so an operator around it applies to all of it. */
export function subshell(cmd: Command): Command {
  return [raw('('), ...cmd, raw(')')];
}

/** `cd DIR && cmd`; a compound cmd is grouped so `cd` guards every part of it. */
export function inDirectory(dir: string, cmd: Command): Command {
  return and(['cd', dir], hasRawShell(cmd) ? subshell(cmd) : cmd);
}
