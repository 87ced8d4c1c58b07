/**
 * ERB as Kamal renders it. With `ruby` on PATH, Ruby's own ERB renders the file (erb-ruby.ts).
 * Without it, a built-in subset covers what real configs use: output tags over the expressions
 * of erb-expression.ts, `<% if/unless/elsif/else/end %>`, `<%# comments %>`, `<%%` and the `-`
 * trims; anything else is a positioned error that says installing Ruby renders it. Tags in YAML
 * comments are left as written either way. GANTRY_ERB=builtin (or =ruby) forces one renderer.
 */
import { ConfigError, type ConfigProblem } from '../errors.js';
import { ErbEvaluationError, UnsupportedErb, evaluateRuby, type RubyValue } from './erb-expression.js';
import { renderWithRuby } from './erb-ruby.js';
import { TAG, inYamlComment, trimIndentBefore } from './erb-tags.js';
import { lineIndex } from './positions.js';

export interface ErbResult {
  text: string;
  /** Maps an offset in the rendered text back to the template, so YAML positions stay true. */
  sourceOffset(renderedOffset: number): number;
}

export interface ErbOptions {
  /** The project folder: Ruby's working directory, where File.read and commands start. */
  cwd: string;
  /** Default: GANTRY_ERB from `env`, else Ruby when it can be run. */
  renderer?: 'ruby' | 'builtin';
}

export function renderErb(template: string, file: string, env: NodeJS.ProcessEnv, options: ErbOptions = { cwd: process.cwd() }): ErbResult {
  if (!template.includes('<%')) return { text: template, sourceOffset: (offset) => offset };
  const renderer = options.renderer ?? (env.GANTRY_ERB === 'builtin' || env.GANTRY_ERB === 'ruby' ? env.GANTRY_ERB : undefined);
  if (renderer !== 'builtin') {
    const rendered = renderWithRuby(template, file, env, options.cwd);
    if (rendered) return rendered;
    if (renderer === 'ruby') throw new ConfigError([{ file, line: 1, col: 1, path: '', message: 'GANTRY_ERB=ruby, but `ruby` is not on PATH' }]);
  }
  return renderBuiltin(template, file, env, options.cwd);
}

interface Replacement {
  /** Template range replaced. */
  start: number;
  end: number;
  /** Where the output of the replacement begins in the rendered text. */
  renderedStart: number;
  renderedLength: number;
}

interface Branch {
  /** Whether text in this branch is output. */
  active: boolean;
  /** Whether a branch of this if/unless was already taken. */
  taken: boolean;
  /** Whether the enclosing text is output at all. */
  outer: boolean;
  line: number;
  col: number;
}

const HINT = 'Gantry renders ENV[…], ENV.fetch, ||, %x(…) and backticks, File.read(…).strip/.chomp and if/unless/elsif/else/end without Ruby; install Ruby (`ruby` on PATH) to render any ERB as Kamal does';

export function renderBuiltin(template: string, file: string, env: NodeJS.ProcessEnv, cwd: string): ErbResult {
  const problems: ConfigProblem[] = [];
  const where = lineIndex(template);
  const replacements: Replacement[] = [];
  const branches: Branch[] = [];
  const active = () => branches.every((b) => b.active);
  let text = '';
  let copiedUpTo = 0;

  /** Copies the text before `start`, or drops it outside an active branch. */
  const flush = (start: number) => {
    if (start <= copiedUpTo) return;
    if (active()) text += template.slice(copiedUpTo, start);
    else replacements.push({ start: copiedUpTo, end: start, renderedStart: text.length, renderedLength: 0 });
    copiedUpTo = start;
  };
  /** Replaces template[start, end) with `output`. */
  const replace = (start: number, end: number, output: string) => {
    flush(start);
    replacements.push({ start, end, renderedStart: text.length, renderedLength: output.length });
    text += output;
    copiedUpTo = end;
  };
  const evaluate = (source: string, index: number, tag: string): RubyValue => {
    try {
      return evaluateRuby(source, { env, cwd });
    } catch (error) {
      const { line, col } = where(index);
      const unsupported = error instanceof UnsupportedErb;
      if (!unsupported && !(error instanceof ErbEvaluationError)) throw error;
      const message = unsupported ? `unsupported ERB: ${tag} uses ${error.message}. ${HINT}` : `ERB: ${error.message}`;
      problems.push({ file, line, col, path: '', message });
      return null;
    }
  };

  const tags = new RegExp(TAG.source, 'g');
  for (let match = tags.exec(template); match; match = tags.exec(template)) {
    const [whole, escape, openingTrim, output, body, closingTrim] = match;
    if (escape) {
      replace(match.index, match.index + 3, active() ? '<%' : '');
      tags.lastIndex = match.index + 3;
      continue;
    }
    if (inYamlComment(template, match.index)) continue;
    const start = openingTrim ? trimIndentBefore(template, match.index, copiedUpTo) : match.index;
    let end = match.index + whole.length;
    if (closingTrim === '-' && template[end] === '\n') end += 1;
    else if (closingTrim === '-' && template.startsWith('\r\n', end)) end += 2;

    const source = body.trim();
    if (output) {
      const value = active() ? evaluate(body, match.index, whole) : null;
      replace(start, end, value === null ? '' : String(value));
    } else if (source.startsWith('#')) {
      replace(start, end, '');
    } else {
      flush(start);
      statement(source, match.index, whole);
      replace(start, end, '');
    }
  }
  if (branches.length) {
    const open = branches.at(-1)!;
    problems.push({ file, line: open.line, col: open.col, path: '', message: 'ERB: this if/unless has no <% end %>' });
  }
  if (problems.length) throw new ConfigError(problems);
  flush(template.length);
  return { text, sourceOffset: (offset) => toTemplateOffset(replacements, offset) };

  function statement(source: string, index: number, tag: string): void {
    const [, keyword = '', condition = ''] = /^(if|unless|elsif|else|end)\b\s*([\s\S]*)$/.exec(source) ?? [];
    const truthy = (v: RubyValue) => v !== null && v !== false;
    const top = branches.at(-1);
    const { line, col } = where(index);
    if (keyword === 'if' || keyword === 'unless') {
      const outer = active();
      const holds = outer && truthy(evaluate(condition, index, tag)) === (keyword === 'if');
      branches.push({ active: holds, taken: holds, outer, line, col });
    } else if ((keyword === 'elsif' || keyword === 'else' || keyword === 'end') && !top) {
      problems.push({ file, line, col, path: '', message: `ERB: <% ${keyword} %> without an if` });
    } else if (keyword === 'elsif') {
      const holds = top!.outer && !top!.taken && truthy(evaluate(condition, index, tag));
      top!.active = holds;
      top!.taken ||= holds;
    } else if (keyword === 'else') {
      top!.active = top!.outer && !top!.taken;
      top!.taken = true;
    } else if (keyword === 'end') {
      branches.pop();
    } else {
      problems.push({ file, line, col, path: '', message: `unsupported ERB: ${tag} is a Ruby statement Gantry does not run. ${HINT}` });
    }
  }
}

function toTemplateOffset(replacements: Replacement[], renderedOffset: number): number {
  let shift = 0;
  for (const r of replacements) {
    if (renderedOffset < r.renderedStart) break;
    if (renderedOffset < r.renderedStart + r.renderedLength) return r.start;
    shift = r.end - (r.renderedStart + r.renderedLength);
  }
  return renderedOffset + shift;
}
