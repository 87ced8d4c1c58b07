import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOC_SECTIONS, docsFor, exampleFile } from '../../../core/config/docs.js';
import { applyOverlay } from '../../../core/config/overlay.js';
import { validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { GantryError } from '../../../core/errors.js';
import { jsonSchemaText } from '../../../schemas/json-schema.js';
import { MINIMAL } from './temp-project.js';

const examplesDir = dirname(exampleFile('servers'));

test('every example file is a docs section, and every section has one', () => {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4)).sort();
  assert.equal(files, [...DOC_SECTIONS].sort());
});

for (const section of DOC_SECTIONS) {
  test(`the ${section} example validates (merged over a minimal config)`, async () => {
    const file = exampleFile(section);
    const example = parseYamlSource(file, readFileSync(file, 'utf8'), {});
    const merged = applyOverlay(parseYamlSource('minimal.yml', MINIMAL, {}), example);
    await validateConfig(merged, { files: ['minimal.yml', file] });
    assert.ok(readFileSync(file, 'utf8').startsWith('# '), 'starts with a summary comment');
  });
}

test('docsFor(section) returns the example verbatim', () => {
  assert.is(docsFor('proxy'), readFileSync(exampleFile('proxy'), 'utf8'));
});

test('docsFor() lists every section with its summary', () => {
  const listing = docsFor();
  for (const section of DOC_SECTIONS) assert.match(listing, new RegExp(`^  ${section} +\\S`, 'm'));
  assert.match(listing, /boot +Boot: rolling boots/);
});

test('an unknown section is a GantryError listing the valid ones', () => {
  try {
    docsFor('nope');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, GantryError);
    assert.is((error as Error).message, `unknown docs section "nope"; sections: ${DOC_SECTIONS.join(', ')}`);
  }
});

test('schemas/gantry.schema.json is current (run `npm run schemas`)', () => {
  const committed = readFileSync(join(examplesDir, '..', 'gantry.schema.json'), 'utf8');
  assert.ok(committed === jsonSchemaText(), 'schemas/gantry.schema.json is stale: run `npm run schemas`');
  const schema = JSON.parse(committed) as Record<string, unknown>;
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.type(schema.$id, 'string');
});

test.run();
