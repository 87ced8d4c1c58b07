/**
 * Limits on how deep a config may nest, checked before anything recursive touches it: the
 * YAML composer, toJS(), the schema check and structuredClone() all recurse, and a hostile
 * file (`[[[[…` or `- - - …`, or aliases stacked on aliases) would otherwise overflow the stack
 * or take minutes. No real config comes near these limits.
 */
import { isAlias, isMap, isPair, isSeq, visit, type Alias, type Document, type Node } from 'yaml';

/** Levels of maps and lists below the document, aliases counted at their expanded depth. */
export const MAX_DEPTH = 64;
/** A line indented further than this, or this many open flow brackets, is refused before parsing. */
const MAX_TEXT_NESTING = 256;

export interface TooDeep {
  /** Offset in the text where the limit is crossed. */
  offset: number;
  message: string;
}

/**
 * A linear scan of the text (no parser): indentation, `- ` and `? ` / `: ` runs on one line,
 * and open `[`/`{` brackets outside quotes. Over-counts (two spaces of indent per level), so
 * its limit is loose; the exact check is `deepestNode` on the parsed document.
 */
export function textTooDeep(text: string): TooDeep | undefined {
  let flow = 0;
  let lineStart = true;
  let indicators = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      indicators = 0;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (lineStart) {
      let end = i;
      while (text[end] === ' ') end++;
      if (end - i > MAX_TEXT_NESTING) return { offset: i, message: `nesting too deep: more than ${MAX_TEXT_NESTING} columns of indentation` };
      lineStart = false;
      i = end - 1;
      continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    } else if ((c === '"' || c === "'") && (i === 0 || ' \t[{,:'.includes(text[i - 1]!))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow > MAX_TEXT_NESTING) return { offset: i, message: `nesting too deep: more than ${MAX_TEXT_NESTING} open brackets` };
    } else if (c === ']' || c === '}') {
      flow = Math.max(0, flow - 1);
    } else if ((c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
      if (++indicators > MAX_TEXT_NESTING) return { offset: i, message: `nesting too deep: more than ${MAX_TEXT_NESTING} nested entries on one line` };
    }
  }
  return undefined;
}

/**
 * The first node deeper than MAX_DEPTH, counting an alias as the depth of what it names
 * (memoised, so stacked aliases cost one visit each). Recursion stops at the limit.
 */
export function deepestNode(doc: Document): TooDeep | undefined {
  const heights = new Map<Node, number>();
  const resolve = aliasResolver(doc);
  const measure = (node: unknown, depth: number): number => {
    if (isPair(node)) return Math.max(measure(node.key, depth), measure(node.value, depth));
    if (!node || typeof node !== 'object') return 0;
    const target = isAlias(node) ? resolve(node) : (node as Node);
    if (!target || !(isMap(target) || isSeq(target))) return 0;
    const known = heights.get(target);
    if (known !== undefined) {
      if (depth + known > MAX_DEPTH) throw tooDeep(node as Node);
      return known;
    }
    if (depth + 1 > MAX_DEPTH) throw tooDeep(node as Node);
    heights.set(target, 0); // an alias to an ancestor adds no depth: YAML forbids the cycle anyway
    let height = 0;
    for (const item of target.items) height = Math.max(height, measure(item, depth + 1));
    heights.set(target, height + 1);
    return height + 1;
  };
  try {
    measure(doc.contents, 0);
    return undefined;
  } catch (error) {
    if (error instanceof TooDeepSignal) return error.found;
    throw error;
  }
}

/**
 * Alias → anchored node from one walk of the document (Alias.resolve walks the whole document
 * on every call, quadratic for a file full of aliases). An anchor may be redefined: an alias
 * names the last definition before it.
 */
function aliasResolver(doc: Document): (alias: Alias) => Node | undefined {
  const anchors = new Map<string, Node[]>();
  visit(doc, {
    Node(_key, node) {
      if (node.anchor && !isAlias(node)) anchors.set(node.anchor, [...(anchors.get(node.anchor) ?? []), node]);
    },
  });
  return (alias) => {
    const start = alias.range?.[0] ?? 0;
    const candidates = anchors.get(alias.source) ?? [];
    return candidates.filter((node) => (node.range?.[0] ?? 0) < start).at(-1);
  };
}

class TooDeepSignal {
  constructor(readonly found: TooDeep) {}
}

function tooDeep(node: Node): TooDeepSignal {
  return new TooDeepSignal({ offset: node.range?.[0] ?? 0, message: `nesting too deep: more than ${MAX_DEPTH} levels of maps and lists` });
}
