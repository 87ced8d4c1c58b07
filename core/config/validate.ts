/**
 * Defaults, schema check, then cross-key rules. Every problem is reported at once as
 * `file:line:col key.path: message`, in file order.
 */
import type { TSchema } from 'typebox';
import type { GantryConfig } from '../../schemas/index.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { isHash } from './overlay.js';
import { pointerSegments, positionOf } from './positions.js';
import { checkRules, type RuleContext } from './rules.js';
import { applyDefaults, shapeProblems as schemaProblems } from './schema-check.js';
import type { SchemaProblem } from './schema-errors.js';
import type { ConfigSource } from './yaml-source.js';

export interface ValidateOptions {
  /** Files merged into the source, base first: problems sort in this order. */
  files: string[];
  destination?: string;
  /** Plugins' own sections, by name. */
  sections?: Record<string, TSchema>;
}

export async function validateConfig(source: ConfigSource, options: ValidateOptions): Promise<GantryConfig> {
  if (!isHash(source.data)) {
    throw new ConfigError([{ ...positionOf(source.positions, '', source.file), path: '', message: 'expected a hash of settings (service: ..., servers: ...)' }]);
  }
  const sections = options.sections ?? {};
  const data = structuredClone(source.data);
  const { config, shapeProblems } = Object.keys(sections).length ? await checkWithSections(data, sections) : await checkBuiltIn(data);
  const written = source.data;
  const context: RuleContext = { destination: options.destination, written: (key) => Object.hasOwn(written, key) };
  // A rule about a value the schema already rejected would only repeat the problem.
  const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const ruleProblems = checkRules(config as GantryConfig, context).filter((rule) => !shapeProblems.some((shape) => overlaps(rule.pointer, shape.pointer)));
  const problems = [...shapeProblems, ...ruleProblems];
  if (problems.length) throw new ConfigError(locate(problems, source, config, options.files));
  return config as GantryConfig;
}

async function checkBuiltIn(data: unknown): Promise<{ config: unknown; shapeProblems: SchemaProblem[] }> {
  const config = applyDefaults(data);
  return { config, shapeProblems: await schemaProblems(config) };
}

/** The compiled check knows only the built-in sections: with plugins' own sections, typebox checks the whole. */
async function checkWithSections(data: unknown, sections: Record<string, TSchema>): Promise<{ config: unknown; shapeProblems: SchemaProblem[] }> {
  const [{ configSchemaWith }, { Value }, { explainSchemaErrors }] = await Promise.all([
    import('../../schemas/index.js'),
    import('typebox/value'),
    import('./schema-errors.js'),
  ]);
  const schema = configSchemaWith(sections);
  const config = Value.Default(schema, data);
  return { config, shapeProblems: Value.Check(schema, config) ? [] : explainSchemaErrors(schema, config) };
}

export function locate(problems: SchemaProblem[], source: ConfigSource, data: unknown, files: string[]): ConfigProblem[] {
  const located = problems.map(({ pointer, message }) => ({
    ...positionOf(source.positions, pointer, source.file),
    path: dottedPath(pointer, data),
    message,
  }));
  const unique = [...new Map(located.map((p) => [`${p.file}:${p.line}:${p.col} ${p.path} ${p.message}`, p])).values()];
  return unique.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

/** `/servers/web/hosts/0` → `servers.web.hosts[0]` (indexes only where the value is a list). */
function dottedPath(pointer: string, data: unknown): string {
  let path = '';
  let node = data;
  for (const segment of pointerSegments(pointer)) {
    path += Array.isArray(node) ? `[${segment}]` : path ? `.${segment}` : segment;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}
