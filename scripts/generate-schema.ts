/**
 * Writes schemas/gantry.schema.json and the compiled config check
 * (core/config/generated/config-check.ts) from the typebox schemas (`npm run schemas`).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaText } from '../schemas/json-schema.js';
import { VALIDATOR_MODULE, validatorModuleText } from '../schemas/validator-code.js';

const root = new URL('../', import.meta.url);
for (const [file, text] of [
  ['schemas/gantry.schema.json', jsonSchemaText()],
  [VALIDATOR_MODULE, validatorModuleText()],
] as const) {
  const target = fileURLToPath(new URL(file, root));
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
