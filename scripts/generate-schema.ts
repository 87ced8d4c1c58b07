/** Writes schemas/gantry.schema.json from the typebox schemas (`npm run schemas`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaText } from '../schemas/json-schema.js';

const target = fileURLToPath(new URL('../schemas/gantry.schema.json', import.meta.url));
writeFileSync(target, jsonSchemaText());
console.log(`wrote ${target}`);
