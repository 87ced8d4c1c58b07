/** The published JSON Schema (for editors): the typebox schema plus `$schema` and `$id`. */
import { ConfigSchema } from './index.js';

const JSON_SCHEMA_ID = 'https://unpkg.com/gantry-deploy/schemas/gantry.schema.json';

/** draft-07: typebox writes tuples as `items: [...]` and we use `if/then/else`. */
export function jsonSchemaText(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $id: JSON_SCHEMA_ID, title: 'Gantry config', ...ConfigSchema };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
