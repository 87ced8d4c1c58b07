import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { DOC_SECTIONS, exampleFile } from '../../../core/config/docs.js';
import { applyOverlay } from '../../../core/config/overlay.js';
import { applyDefaults } from '../../../core/config/schema-check.js';
import { checkConfigShape } from '../../../core/config/generated/config-check.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { ConfigSchema } from '../../../schemas/index.js';
import { VALIDATOR_MODULE, defaultsPlan, validatorModuleText } from '../../../schemas/validator-code.js';
import { MINIMAL } from './temp-project.js';

test(`${VALIDATOR_MODULE} is current (run \`npm run schemas\`)`, () => {
  const committed = readFileSync(fileURLToPath(new URL(`../../../${VALIDATOR_MODULE}`, import.meta.url)), 'utf8');
  assert.ok(committed === validatorModuleText(), `${VALIDATOR_MODULE} is stale: run \`npm run schemas\``);
});

const parse = (text: string): unknown => parseYamlSource('gantry.yml', text, {}).data;
const examples = DOC_SECTIONS.map((section) => {
  const file = exampleFile(section);
  return applyOverlay(parseYamlSource('minimal.yml', MINIMAL, {}), parseYamlSource(file, readFileSync(file, 'utf8'), {})).data;
});
const invalid = [
  'service: app\n',
  'service: ""\nservers: [a]\n',
  'service: app\nservers:\n  web:\n    hosts: 1.2.3.4\n',
  'service: app\nservers: [a]\nssh: []\n',
  'service: app\nservers: [a]\nssh:\n  port: "22"\n',
  'service: app\nservers: [a]\nsshkit: 3\nproxy: {app_port: -1}\n',
  'service: app\nservers: [a]\nminimum_version: one\nfoo: 1\n',
  'service: app\nservers: [a]\nboot: {limit: "25"}\nhooks_output: {x: loud}\n',
  'service: 😀\nservers: [a]\nimage: ""\n',
].map(parse);

test('the compiled check and applyDefaults agree with typebox Value.Default + Value.Check', () => {
  for (const data of [...examples, ...invalid]) {
    const expected = Value.Default(ConfigSchema, structuredClone(data));
    const actual = applyDefaults(structuredClone(data));
    assert.equal(actual, expected, `defaults of ${JSON.stringify(data)}`);
    assert.is(checkConfigShape(actual), Value.Check(ConfigSchema, expected), `check of ${JSON.stringify(data)}`);
  }
  assert.ok(examples.every((data) => checkConfigShape(applyDefaults(structuredClone(data)))), 'every example is valid');
});

test('a default the plan cannot place (inside a union) is refused at generation', () => {
  const schema = { type: 'object', properties: { a: { anyOf: [{ type: 'object', properties: { b: { type: 'string', default: 'x' } } }] } } };
  assert.throws(() => defaultsPlan(schema), /\/a\/anyOf\/0\/properties\/b is not on an object property/);
});

test.run();
