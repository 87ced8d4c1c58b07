/**
 * TypeBox errors → one readable message per real problem. A failed union keeps only the
 * branch the value was closest to, or says which kinds of value would do; `if/then`
 * branches are re-checked because typebox 1.4 drops the errors of a failing `then`.
 */
import type { TSchema } from 'typebox';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { childPointer, pointerSegments } from './positions.js';

export interface SchemaProblem {
  /** JSON pointer of the offending value (for a missing key: where the key belongs). */
  pointer: string;
  message: string;
}

interface RawError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

type SchemaNode = Record<string, unknown>;

export function explainSchemaErrors(schema: TSchema, value: unknown): SchemaProblem[] {
  return resolveUnions(collect(schema, value, '#', ''), schema).flatMap((error) => describe(error, schema, value));
}

/** typebox stops at 8 errors by default; we want every problem (a config is small). */
const MAX_ERRORS = 1000;

function allErrors(schema: TSchema, value: unknown) {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_ERRORS });
  try {
    return Value.Errors(schema, value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

function collect(schema: TSchema, value: unknown, schemaPrefix: string, instancePrefix: string): RawError[] {
  const errors: RawError[] = [];
  for (const error of allErrors(schema, value)) {
    const schemaPath = schemaPrefix + error.schemaPath.slice(1);
    const instancePath = instancePrefix + error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'if' && params.failingKeyword === 'then') {
      const then = nodeAt(schema, `${error.schemaPath}/then`) as TSchema;
      errors.push(...collect(then, valueAt(value, error.instancePath), `${schemaPath}/then`, instancePath));
    }
    // `if` failures are restated by their branch; `additionalProperties` by one error per key.
    if (error.keyword === 'if' || error.keyword === 'additionalProperties') continue;
    errors.push({ keyword: error.keyword, schemaPath, instancePath, params, message: error.message });
  }
  return errors;
}

const MISMATCH = new Set(['type', 'const', 'enum', 'expected']);

function resolveUnions(errors: RawError[], schema: TSchema): RawError[] {
  let remaining = errors;
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const union of unions) {
    const prefix = `${union.schemaPath}/anyOf/`;
    const inside = (e: RawError) => e.schemaPath.startsWith(prefix) && isWithin(e.instancePath, union.instancePath);
    const branches = new Map<number, RawError[]>();
    for (const error of remaining.filter(inside)) {
      const index = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
      branches.set(index, [...(branches.get(index) ?? []), error]);
    }
    // A branch is "close" when the value has its kind (e.g. a hash with a wrong key), not another kind.
    const close = [...branches.entries()]
      .filter(([index, errs]) => !errs.some((e) => MISMATCH.has(e.keyword) && e.instancePath === union.instancePath && e.schemaPath === `${prefix}${index}`))
      .sort(([ia, a], [ib, b]) => a.length - b.length || ia - ib);
    const chosen = close.length ? close[0][1] : [expected(union, nodeAt(schema, union.schemaPath))];
    remaining = [...remaining.filter((e) => e !== union && !inside(e)), ...chosen];
  }
  return remaining;
}

function expected(union: RawError, unionSchema: SchemaNode): RawError {
  const kinds = [...new Set(kindsOf(unionSchema))];
  const allValues = (unionSchema.anyOf as SchemaNode[]).every((branch) => branch.const !== undefined || branch.enum !== undefined);
  const message = allValues ? `expected one of: ${kinds.join(', ')}` : `expected ${joinOr(kinds)}`;
  return { ...union, keyword: 'expected', message, params: {} };
}

function kindsOf(schema: SchemaNode): string[] {
  if (schema.const !== undefined) return [String(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as SchemaNode[]).flatMap(kindsOf);
  return typeof schema.type === 'string' ? [schema.type] : ['another value'];
}

function joinOr(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function describe(error: RawError, schema: TSchema, root: unknown): SchemaProblem[] {
  const pointer = error.instancePath;
  const value = valueAt(root, pointer);
  const own = nodeAt(schema, error.schemaPath);
  const custom = typeof own.errorMessage === 'string' && error.keyword !== 'type' ? own.errorMessage : undefined;
  const p = error.params;
  switch (error.keyword) {
    case 'boolean': {
      if (error.schemaPath.endsWith('/additionalItems')) return [{ pointer, message: 'unexpected extra item' }];
      const topLevel = pointerSegments(pointer).length === 1;
      return [{ pointer, message: topLevel ? 'unknown key (custom top-level keys must start with x-)' : 'unknown key' }];
    }
    case 'required':
      return (p.requiredProperties as string[]).map((key) => ({ pointer: childPointer(pointer, key), message: 'required key is missing' }));
    case 'type':
      return [{ pointer, message: `expected ${String(p.type)}${typeHint(String(p.type), value)}` }];
    case 'expected':
      return [{ pointer, message: `${error.message}${value === null ? ' (the value is empty)' : ''}` }];
    case 'const':
      return [{ pointer, message: `expected ${String(p.allowedValue)}` }];
    case 'enum':
      return [{ pointer, message: `expected one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}` }];
    default:
      return [{ pointer, message: custom ?? limitMessage(error) }];
  }
}

/** YAML configs read yes/no/on/off as booleans (YAML 1.1, as Kamal); `y`, `n` and quoted or JSON words stay strings. */
function typeHint(type: string, value: unknown): string {
  if (value === null) return ' (the value is empty)';
  if (type === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) {
    return ` (\`${value}\` is a string here: write true or false)`;
  }
  return '';
}

function limitMessage(error: RawError): string {
  const limit = error.params.limit as number;
  const plural = (word: string) => `${limit} ${word}${limit === 1 ? '' : 's'}`;
  switch (error.keyword) {
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${plural('character')}`;
    case 'minItems':
      return `expected at least ${plural('item')}`;
    case 'maxItems':
      return `expected at most ${plural('item')}`;
    case 'minProperties':
      return `expected at least ${plural('key')}`;
    case 'maxProperties':
      return `expected at most ${plural('key')}`;
    case 'pattern':
      return `must match the pattern ${String(error.params.pattern)}`;
    case 'not':
      return 'not allowed here';
    default:
      return error.message;
  }
}

function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function nodeAt(schema: TSchema, schemaPath: string): SchemaNode {
  let node: unknown = schema;
  for (const segment of pointerSegments(schemaPath.slice(1))) node = (node as SchemaNode)[segment];
  return (node ?? {}) as SchemaNode;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
