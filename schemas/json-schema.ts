/** The published JSON Schema (for editors): the typebox schema plus `$schema` and `$id`. */
import type { TSchema } from 'typebox';
import { configSchemaWith } from './index.js';

const JSON_SCHEMA_ID = 'https://unpkg.com/gantry-deploy/schemas/gantry.schema.json';

/** draft-07: typebox writes tuples as `items: [...]` and we use `if/then/else`. Plugins' sections merge in by name. */
export function jsonSchemaText(sections: Record<string, TSchema> = {}): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $id: JSON_SCHEMA_ID, title: 'Gantry config', ...configSchemaWith(sections) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
