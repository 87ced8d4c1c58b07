/**
 * YAML text → data plus the position of every key, read with the `yaml` package (not
 * cosmiconfig's js-yaml) so that errors can point at file:line:col.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { renderErb } from './erb.js';
import { deepestNode, textTooDeep, type TooDeep } from './nesting.js';
import { projectRoot } from './project.js';
import { PSYCH_YAML } from './yaml-psych.js';
import { childPointer, lineIndex, type Position, type PositionMap } from './positions.js';

/** One config file, parsed. */
export interface ConfigSource {
  file: string;
  data: unknown;
  positions: PositionMap;
}

export function parseYamlSource(file: string, template: string, env: NodeJS.ProcessEnv): ConfigSource {
  const erb = renderErb(template, file, env, { cwd: projectRoot(file) });
  // Offsets are in the rendered text; lines and columns come from the template the user wrote.
  const where = lineIndex(template);
  const at = (renderedOffset: number): Position => ({ file, ...where(erb.sourceOffset(renderedOffset)) });
  const refuse = (found: TooDeep): never => {
    throw new ConfigError([{ ...at(found.offset), path: '', message: found.message }]);
  };
  const early = textTooDeep(erb.text);
  if (early) refuse(early);
  // logLevel 'error': yaml would print a Node warning for a map used as a key; validation reports it.
  // uniqueKeys off: yaml's own duplicate-key check compares each key with every earlier one
  // (O(n²) per map); duplicateKeys() below does it with a Set.
  const doc = parseDocument(erb.text, { ...PSYCH_YAML, prettyErrors: true, merge: true, uniqueKeys: false, logLevel: 'error' });

  const errors = [...doc.errors.map((error) => ({ offset: error.pos[0], message: withoutPrettyContext(error.message) })), ...duplicateKeys(doc)];
  if (errors.length) {
    const problems: ConfigProblem[] = errors
      .sort((a, b) => a.offset - b.offset)
      .map((error) => ({ ...at(error.offset), path: '', message: `YAML syntax error: ${error.message}` }));
    throw new ConfigError(problems);
  }
  const deep = deepestNode(doc);
  if (deep) refuse(deep);
  // Expand aliases first: toJS() refuses an alias bomb at once, before the position walk sees it.
  const data = toData(doc, at(doc.contents?.range[0] ?? 0));
  const positions: PositionMap = new Map([['', at(doc.contents?.range[0] ?? 0)]]);
  if (doc.contents) recordPositions(doc, doc.contents, '', positions, at);
  return { file, data, positions };
}

/** Scalar keys written twice in one map (yaml's uniqueKeys rule, with a Set per map). */
function duplicateKeys(doc: Document): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) found.push({ offset: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

function toData(doc: Document, start: Position): unknown {
  try {
    return doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    // e.g. an alias expansion bomb: still the user's file, so still a ConfigError.
    throw new ConfigError([{ ...start, path: '', message: `YAML error: ${(error as Error).message}` }]);
  }
}

/** prettyErrors appends "at line L, column C:" and a code excerpt; we print our own position. */
function withoutPrettyContext(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
}

/** Walks the document the way toJS() does (aliases resolved, `<<` merges expanded, explicit keys first). */
function recordPositions(
  doc: Document,
  node: Node,
  pointer: string,
  positions: PositionMap,
  at: (offset: number) => Position,
  depth = 0,
  resolveAliases = false,
): void {
  // Aliases can nest deeply; positions below this depth fall back to their ancestors.
  if (depth > 50) return;
  // Keys inside a plain alias (`key: *anchor`) point at the alias: resolving every alias would
  // cost a document walk each and repeat for every use (an alias bomb is exponential). Merges
  // (`<<: *anchor`) are resolved, below, so merged keys point at the anchor.
  if (isAlias(node) && !resolveAliases) return;
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (!target) return;
  if (isSeq(target)) {
    target.items.forEach((item, index) => {
      if (!isNode(item)) return;
      const itemPointer = childPointer(pointer, index);
      positions.set(itemPointer, at(item.range?.[0] ?? 0));
      recordPositions(doc, item, itemPointer, positions, at, depth + 1);
    });
    return;
  }
  if (!isMap(target)) return;
  const merges: Node[] = [];
  for (const pair of target.items) {
    if (!isScalar(pair.key)) continue;
    if (typeof pair.key.value === 'symbol') {
      if (isNode(pair.value)) merges.push(pair.value);
      continue;
    }
    const keyPointer = childPointer(pointer, String(pair.key.value));
    positions.set(keyPointer, at(pair.key.range?.[0] ?? 0));
    if (isNode(pair.value)) recordPositions(doc, pair.value, keyPointer, positions, at, depth + 1);
  }
  // Keys pulled in by `<<: *anchor` point at the anchor, unless written here or in an earlier merge.
  for (const merge of merges) {
    for (const source of isSeq(merge) ? merge.items.filter(isNode) : [merge]) {
      const merged: PositionMap = new Map();
      recordPositions(doc, source, pointer, merged, at, depth + 1, true);
      for (const [key, position] of merged) if (!positions.has(key)) positions.set(key, position);
    }
  }
}
