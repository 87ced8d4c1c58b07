/**
 * The ERB subset Kamal configs use: `<%= ENV["X"] %>`, `<%= ENV.fetch("X") %>`,
 * `<%= ENV.fetch("X", "default") %>`, with `<%-`/`-%>` trimming. Anything else is refused
 * rather than half-evaluated.
 */
import { ConfigError, type ConfigProblem } from '../errors.js';
import { lineIndex } from './positions.js';

export interface ErbResult {
  text: string;
  /** Maps an offset in the rendered text back to the template, so YAML positions stay true. */
  sourceOffset(renderedOffset: number): number;
}

interface Replacement {
  /** Template range replaced. */
  start: number;
  end: number;
  /** Where the output of the replacement begins in the rendered text. */
  renderedStart: number;
  renderedLength: number;
}

/** `<%%` escape · `<%-` left trim · `=` output · body · `-%>` right trim. */
const TAG = /<%(%)?(-)?(=)?([\s\S]*?)(-?)%>/;
const STRING = String.raw`(?:"([^"\\]*)"|'([^'\\]*)')`;
const ENV_INDEX = new RegExp(String.raw`^ENV\[\s*${STRING}\s*\]$`);
const ENV_FETCH = new RegExp(String.raw`^ENV\.fetch\(\s*${STRING}\s*(?:,\s*${STRING}\s*)?\)$`);

export function renderErb(template: string, file: string, env: NodeJS.ProcessEnv): ErbResult {
  if (!template.includes('<%')) return { text: template, sourceOffset: (offset) => offset };
  const problems: ConfigProblem[] = [];
  const where = lineIndex(template);
  const replacements: Replacement[] = [];
  let text = '';
  let copiedUpTo = 0;

  const tags = new RegExp(TAG.source, 'g');
  for (let match = tags.exec(template); match; match = tags.exec(template)) {
    const [whole, escape, openingTrim, output, body, closingTrim] = match;
    let start = match.index;
    let end = start + whole.length;
    if (escape) {
      // `<%%` is ERB's escape for a literal `<%`.
      text += template.slice(copiedUpTo, start);
      replacements.push({ start, end: start + 3, renderedStart: text.length, renderedLength: 2 });
      text += '<%';
      copiedUpTo = start + 3;
      tags.lastIndex = start + 3;
      continue;
    }
    if (openingTrim) start = trimIndentBefore(template, start, copiedUpTo);
    if (closingTrim === '-' && template[end] === '\n') end += 1;
    else if (closingTrim === '-' && template.startsWith('\r\n', end)) end += 2;

    const value = (output ? evaluate(body.trim(), env) : undefined) ?? {
      error: `unsupported ERB: ${whole}, only ENV[...] and ENV.fetch(...) are supported`,
    };
    if (typeof value !== 'string') {
      const { line, col } = where(match.index);
      problems.push({ file, line, col, path: '', message: value.error });
      continue;
    }
    text += template.slice(copiedUpTo, start);
    replacements.push({ start, end, renderedStart: text.length, renderedLength: value.length });
    text += value;
    copiedUpTo = end;
  }
  if (problems.length) throw new ConfigError(problems);
  text += template.slice(copiedUpTo);
  return { text, sourceOffset: (offset) => toTemplateOffset(replacements, offset) };
}

/** `<%-` removes the indentation before the tag when only blanks precede it on its line. */
function trimIndentBefore(template: string, tagStart: number, floor: number): number {
  let i = tagStart;
  while (i > floor && (template[i - 1] === ' ' || template[i - 1] === '\t')) i--;
  return i === 0 || template[i - 1] === '\n' ? i : tagStart;
}

/** The value of an output tag; undefined when the expression is outside the subset. */
function evaluate(expression: string, env: NodeJS.ProcessEnv): string | { error: string } | undefined {
  const index = ENV_INDEX.exec(expression);
  if (index) return env[index[1] ?? index[2]] ?? '';
  const fetch = ENV_FETCH.exec(expression);
  if (!fetch) return undefined;
  const name = fetch[1] ?? fetch[2];
  const fallback = fetch[3] ?? fetch[4];
  const value = env[name] ?? fallback;
  return value ?? { error: `ENV.fetch("${name}"): environment variable ${name} is not set` };
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
