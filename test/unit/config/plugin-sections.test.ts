/**
 * A plugin's own config section: validated with the built-in sections (unknown keys and wrong
 * types at file:line:col), filled with its defaults, documented by `gantry docs`, merged into the
 * JSON Schema; a name Gantry already uses is refused at the plugin's entry.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../../core/config/load.js';
import { docsFor } from '../../../core/config/docs.js';
import { ConfigError } from '../../../core/errors.js';
import { jsonSchemaText } from '../../../schemas/json-schema.js';
import { tempProject } from './temp-project.js';

const typebox = fileURLToPath(new URL('../../../node_modules/typebox', import.meta.url));

const PLUGIN = (section: string) => `
import { Type } from 'typebox';
export default {
  name: 'notes',
  config: {
    name: '${section}',
    schema: Type.Object({
      channel: Type.String({ description: 'Where notes go.' }),
      retries: Type.Integer({ default: 2 }),
    }, { additionalProperties: false, description: 'Notes about deploys.' }),
  },
  apply() {},
};
`;

function project(config: string, section = 'notes'): string {
  const dir = tempProject({ 'gantry.yml': config });
  const pkg = join(dir, 'node_modules', 'gantry-plugin-notes');
  mkdirSync(pkg, { recursive: true });
  symlinkSync(typebox, join(dir, 'node_modules', 'typebox'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gantry-plugin-notes', version: '2.0.1', type: 'module', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), PLUGIN(section));
  return dir;
}

const BASE = 'service: app\nimage: app\nservers: [10.0.0.1]\nplugins: [gantry-plugin-notes]\n';

async function problems(cwd: string): Promise<string[]> {
  try {
    await loadConfig({ cwd, env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

test("a plugin's section validates and takes its defaults", async () => {
  const loaded = await loadConfig({ cwd: project(`${BASE}notes:\n  channel: ops\n`), env: {} });
  assert.equal((loaded.config as Record<string, unknown>).notes, { channel: 'ops', retries: 2 });
  assert.equal(loaded.plugins?.map((p) => p.name), ['notes']);
});

test("an unknown key or a wrong type in a plugin's section is reported at file:line:col", async () => {
  assert.equal(await problems(project(`${BASE}notes:\n  channel: ops\n  chanel: typo\n  retries: many\n`)), [
    '7:3 notes.chanel: unknown key',
    '8:3 notes.retries: expected integer',
  ]);
});

test('without the plugin the section is an unknown key', async () => {
  assert.equal(await problems(project('service: app\nimage: app\nservers: [10.0.0.1]\nnotes:\n  channel: ops\n')), [
    '4:1 notes: unknown key (custom top-level keys must start with x-)',
  ]);
});

test("a section named like a built-in key is refused at the plugin's entry", async () => {
  assert.equal(await problems(project(BASE, 'proxy')), ['4:11 plugins[0]: plugin notes: config section "proxy" is already taken (by Gantry)']);
});

test('gantry docs lists and prints the section; the JSON Schema carries it', async () => {
  const loaded = await loadConfig({ cwd: project(`${BASE}notes:\n  channel: ops\n`), env: {} });
  const sections = loaded.plugins!.flatMap((p) => (p.config ? [p.config] : []));
  assert.match(docsFor(undefined, sections), /\n {2}notes +Notes about deploys\.\n/);
  assert.is(docsFor('notes', sections), '# Notes about deploys.\n#   channel: Where notes go.\n#   retries:\n');
  const schema = JSON.parse(jsonSchemaText(Object.fromEntries(sections.map((s) => [s.name, s.schema])))) as { properties: Record<string, { description?: string }> };
  assert.is(schema.properties.notes!.description, 'Notes about deploys.');
});

test.run();
