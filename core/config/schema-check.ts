/**
 * Defaults and the shape check from the compiled config check (generated/config-check.ts):
 * typebox itself loads only when a config is invalid, to explain exactly what is wrong.
 */
import type { DefaultsPlan } from '../../schemas/validator-code.js';
import { CONFIG_DEFAULTS, checkConfigShape } from './generated/config-check.js';
import type { SchemaProblem } from './schema-errors.js';

/** typebox Value.Default for defaults on object properties: fills missing keys, mutating `value`. */
export function applyDefaults(value: unknown, plan: DefaultsPlan = CONFIG_DEFAULTS): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const [key, entry] of Object.entries(plan)) {
    let child = record[key];
    if (child === undefined && 'default' in entry) child = structuredClone(entry.default);
    if (entry.properties) child = applyDefaults(child, entry.properties);
    if (child !== undefined) record[key] = child;
  }
  return value;
}

/** Every way the value misses the schema, or none. */
export async function shapeProblems(config: unknown): Promise<SchemaProblem[]> {
  if (checkConfigShape(config)) return [];
  const [{ ConfigSchema }, { explainSchemaErrors }] = await Promise.all([import('../../schemas/index.js'), import('./schema-errors.js')]);
  return explainSchemaErrors(ConfigSchema, config);
}
