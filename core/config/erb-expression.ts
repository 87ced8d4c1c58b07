/**
 * The Ruby expressions Gantry's built-in ERB evaluates without Ruby: string literals, nil,
 * true/false, ENV["X"], ENV.fetch("X"[, default]) / ENV.fetch("X") { default }, File.read(path),
 * %x(…) and backticks, `.strip`/`.chomp`/`.to_s`, `||`, `&&`, `==`, `!=`, `!` and parentheses.
 * Anything else throws UnsupportedErb naming the construct.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type RubyValue = string | boolean | null;

export class UnsupportedErb extends Error {}
/** A Ruby error the expression would raise too (KeyError, Errno::ENOENT…). */
export class ErbEvaluationError extends Error {}

export interface EvalContext {
  env: NodeJS.ProcessEnv;
  /** Where File.read paths and commands start (the project folder). */
  cwd: string;
}

type Token = { kind: 'string' | 'command' | 'word' | 'punct'; text: string };

const PUNCT = ['||', '&&', '==', '!=', '!', '(', ')', '[', ']', '{', '}', ',', '.'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const [text, end] = readQuoted(source, i, c);
      tokens.push({ kind: 'string', text });
      i = end;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end === -1) throw new UnsupportedErb('an unterminated backtick');
      tokens.push({ kind: 'command', text: noInterpolation(source.slice(i + 1, end)) });
      i = end + 1;
    } else if (source.startsWith('%x(', i)) {
      let depth = 0;
      let j = i + 2;
      for (; j < source.length; j++) {
        if (source[j] === '(') depth++;
        else if (source[j] === ')' && --depth === 0) break;
      }
      if (j >= source.length) throw new UnsupportedErb('an unterminated %x(');
      tokens.push({ kind: 'command', text: noInterpolation(source.slice(i + 3, j)) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*[?!]?/.exec(source.slice(i))![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    } else {
      const punct = PUNCT.find((p) => source.startsWith(p, i));
      if (!punct) throw new UnsupportedErb(`\`${source.slice(i, i + 10).trim()}\``);
      tokens.push({ kind: 'punct', text: punct });
      i += punct.length;
    }
  }
  return tokens;
}

function readQuoted(source: string, start: number, quote: string): [string, number] {
  let text = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i]!;
    if (c === quote) return [text, i + 1];
    if (c === '\\') {
      const next = source[++i] ?? '';
      text += quote === '"' ? ({ n: '\n', t: '\t', s: ' ', '0': '\0' } as Record<string, string>)[next] ?? next : next === "'" || next === '\\' ? next : `\\${next}`;
    } else if (quote === '"' && c === '#' && source[i + 1] === '{') {
      throw new UnsupportedErb('string interpolation `#{…}`');
    } else text += c;
  }
  throw new UnsupportedErb('an unterminated string');
}

function noInterpolation(command: string): string {
  if (command.includes('#{')) throw new UnsupportedErb('interpolation `#{…}` in a command');
  return command;
}

/** Parses and evaluates one expression. */
export function evaluateRuby(source: string, ctx: EvalContext): RubyValue {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (text?: string) => (text === undefined ? tokens[at] : tokens[at]?.text === text && tokens[at]?.kind !== 'string' ? tokens[at] : undefined);
  const expect = (text: string) => {
    if (!peek(text)) throw new UnsupportedErb(tokens[at] ? `\`${tokens[at]!.text}\` where \`${text}\` was expected` : `a missing \`${text}\``);
    at++;
  };

  const truthy = (v: RubyValue) => v !== null && v !== false;
  const or = (): RubyValue => {
    let value = and();
    while (peek('||')) {
      at++;
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const and = (): RubyValue => {
    let value = comparison();
    while (peek('&&')) {
      at++;
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const comparison = (): RubyValue => {
    const left = unary();
    const op = peek('==') ?? peek('!=');
    if (!op) return left;
    at++;
    const right = unary();
    return op.text === '==' ? left === right : left !== right;
  };
  const unary = (): RubyValue => {
    if (peek('!')) {
      at++;
      return !truthy(unary());
    }
    return postfix();
  };
  const postfix = (): RubyValue => {
    let value = primary();
    while (peek('.')) {
      at++;
      const method = tokens[at++]?.text;
      if (method !== 'strip' && method !== 'chomp' && method !== 'to_s') throw new UnsupportedErb(`\`.${method ?? ''}\``);
      if (method === 'to_s') value = value === null ? '' : String(value);
      else if (typeof value !== 'string') throw new ErbEvaluationError(`undefined method \`${method}' for ${value === null ? 'nil' : value}`);
      else value = method === 'strip' ? value.replace(/^[\s\0]+|[\s\0]+$/g, '') : value.replace(/(\r\n|\n|\r)$/, '');
    }
    return value;
  };
  const primary = (): RubyValue => {
    const token = tokens[at++];
    if (!token) throw new UnsupportedErb('an empty expression');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'command') return runCommand(token.text, ctx);
    if (token.text === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token.text === 'nil') return null;
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'ENV' && peek('[')) {
      at++;
      const name = or();
      expect(']');
      return ctx.env[String(name)] ?? null;
    }
    if (token.text === 'ENV' && peek('.') && tokens[at + 1]?.text === 'fetch') {
      at += 2;
      expect('(');
      const name = String(or());
      let fallback: (() => RubyValue) | undefined;
      if (peek(',')) {
        at++;
        const value = or();
        fallback = () => value;
      }
      expect(')');
      if (peek('{')) {
        // The block runs only when the variable is unset.
        at++;
        if (ctx.env[name] === undefined) {
          const value = or();
          fallback = () => value;
        } else skipTo('}');
        expect('}');
      }
      const value = ctx.env[name];
      if (value !== undefined) return value;
      if (fallback) return fallback();
      throw new ErbEvaluationError(`ENV.fetch("${name}"): environment variable ${name} is not set (key not found)`);
    }
    if (token.text === 'File' && peek('.') && tokens[at + 1]?.text === 'read') {
      at += 2;
      expect('(');
      const path = String(or());
      expect(')');
      try {
        return readFileSync(resolve(ctx.cwd, path), 'utf8');
      } catch (error) {
        throw new ErbEvaluationError(`File.read("${path}"): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    throw new UnsupportedErb(`\`${token.text}${peek('.') && tokens[at + 1] ? `.${tokens[at + 1]!.text}` : ''}\``);
  };
  const skipTo = (text: string) => {
    while (at < tokens.length && !peek(text)) at++;
  };

  const value = or();
  if (at < tokens.length) throw new UnsupportedErb(`\`${tokens[at]!.text}\``);
  return value;
}

/** `%x(…)` and backticks: the command's stdout as is; like Ruby, a failing command is not an error. */
function runCommand(command: string, ctx: EvalContext): string {
  const result = spawnSync('sh', ['-c', command], { cwd: ctx.cwd, env: ctx.env, encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
  if (result.error) throw new ErbEvaluationError(`could not run \`${command}\`: ${result.error.message}`);
  return result.stdout;
}
