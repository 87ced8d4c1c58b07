/**
 * ERB rendered by Ruby's own ERB (trim mode `-`), as Kamal renders it: the template goes in on
 * stdin (never in argv), the project folder is the working directory. Positions survive through
 * line markers: an invisible `\u0001<line>\u0002` at the start of each template line outside tags,
 * stripped from the output and remembered as anchors.
 */
import { spawnSync } from 'node:child_process';
import { ConfigError } from '../errors.js';
import { TAG, inYamlComment } from './erb-tags.js';
import type { ErbResult } from './erb.js';

const SCRIPT = 'require "erb"; $stdout.write(ERB.new($stdin.read, trim_mode: "-").result)';
/** Stands in for the `<%` of a tag in a YAML comment, so Ruby leaves it alone (same length). */
const COMMENTED_TAG = '\u0003\u0003';
const MARKER = /\u0001(\d+)\u0002/g;

/** undefined when there is no `ruby` to run. */
export function renderWithRuby(template: string, file: string, env: NodeJS.ProcessEnv, cwd: string): ErbResult | undefined {
  const input = withLineMarkers(withCommentTagsNeutralised(template));
  const result = spawnSync('ruby', ['-E', 'UTF-8:UTF-8', '-e', SCRIPT], { cwd, env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  if (result.error || result.status !== 0) throw rubyError(result.error?.message ?? result.stderr, file);

  const lineStarts = [0];
  for (let i = 0; i < template.length; i++) if (template[i] === '\n') lineStarts.push(i + 1);
  const anchors: { rendered: number; source: number; sourceEnd: number }[] = [];
  let text = '';
  let last = 0;
  for (const match of result.stdout.matchAll(MARKER)) {
    text += result.stdout.slice(last, match.index);
    last = match.index! + match[0].length;
    const line = Number(match[1]);
    anchors.push({ rendered: text.length, source: lineStarts[line]!, sourceEnd: (lineStarts[line + 1] ?? template.length + 1) - 1 });
  }
  text += result.stdout.slice(last);
  text = text.split(COMMENTED_TAG).join('<%');
  return {
    text,
    sourceOffset(offset) {
      let anchor: (typeof anchors)[number] | undefined;
      for (const a of anchors) if (a.rendered <= offset) anchor = a;
      return anchor ? Math.min(anchor.source + (offset - anchor.rendered), anchor.sourceEnd) : offset;
    },
  };
}

function withCommentTagsNeutralised(template: string): string {
  let out = '';
  let copied = 0;
  for (const match of template.matchAll(TAG)) {
    if (match[1] || !inYamlComment(template, match.index!)) continue;
    out += template.slice(copied, match.index) + COMMENTED_TAG;
    copied = match.index! + 2;
  }
  return out + template.slice(copied);
}

/** A marker at the start of every line that is not inside a tag and does not begin with `<%-` (its trim needs the blanks at line start). */
function withLineMarkers(template: string): string {
  const inside: [number, number][] = [...template.matchAll(TAG)].map((m) => [m.index!, m.index! + m[0].length]);
  let out = '';
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i <= template.length; i++) {
    if (i === lineStart) {
      const inTag = inside.some(([from, to]) => i > from && i < to);
      if (!inTag && !/^[ \t]*<%-/.test(template.slice(i, i + 200))) out += `\u0001${line}\u0002`;
    }
    if (i === template.length) break;
    out += template[i];
    if (template[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return out;
}

/** Ruby's first error line, positioned at the template line it names. */
function rubyError(stderr: string, file: string): ConfigError {
  const first = stderr.trim().split('\n')[0] ?? 'ruby failed';
  const line = Number(/\(erb\):(\d+)/.exec(stderr)?.[1] ?? 1);
  const message = first.replace(/^\(erb\):\d+:(in [^:]*: )?/, '').replace(/^-e:\d+:in [^:]*: /, '');
  return new ConfigError([{ file, line, col: 1, path: '', message: `ERB (rendered by Ruby): ${message}` }]);
}
