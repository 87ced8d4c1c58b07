/** fetch output as Kamal prints it, extract in every shape it can arrive in, and team adapters. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { Engine } from '../../../../core/engine.js';
import { definePlugin } from '../../../../core/plugin.js';
import { adapterTable, extractSecret, formatFetchOutput, secretsAdapters, type SecretsAdapter } from '../../../../plugins/secrets/api.js';
import { secretsPlugin } from '../../../../plugins/secrets/index.js';
import { shellEscape, shellUnescape } from '../../../../plugins/secrets/shell-words.js';

const RESULTS = { 'Vault/Item/REGISTRY_PASSWORD': 'p@ss word$1', 'Vault/Item/DB': 'line1\nline2 "q"' };

test('fetch prints JSON shell-escaped as Ruby does, so a shell reads it back as one word', () => {
  assert.is(shellEscape('a b/c:d"e'), 'a\\ b/c:d\\"e');
  assert.is(shellEscape(''), "''");
  const printed = formatFetchOutput(RESULTS);
  const reread = spawnSync('sh', ['-c', `printf %s ${printed}`], { encoding: 'utf8' }).stdout;
  assert.equal(JSON.parse(reread), RESULTS);
  assert.is(shellUnescape(printed), JSON.stringify(RESULTS));
});

test('extract: exact key, or the last part of one; from plain, escaped, or word-split output', () => {
  const json = JSON.stringify(RESULTS);
  assert.is(extractSecret('REGISTRY_PASSWORD', [json]), 'p@ss word$1');
  assert.is(extractSecret('Item/DB', [json]), 'line1\nline2 "q"');
  assert.is(extractSecret('Vault/Item/DB', [formatFetchOutput(RESULTS)]), 'line1\nline2 "q"');
  // `$SECRETS` expanded unquoted by sh: split on spaces, backslashes kept.
  assert.is(extractSecret('REGISTRY_PASSWORD', formatFetchOutput(RESULTS).split(' ')), 'p@ss word$1');
  assert.throws(() => extractSecret('NOPE', [json]), /could not find secret NOPE \(keys: Vault\/Item\/REGISTRY_PASSWORD, Vault\/Item\/DB\)/);
  assert.throws(() => extractSecret('X', ['not json']), (e: Error) => e.message === 'secrets extract: the second argument is not the output of `secrets fetch` (a JSON object)');
});

test('a team plugin adds an adapter through the published hook; built-ins stay', async () => {
  const vault: SecretsAdapter = {
    name: 'team-vault',
    requiresAccount: false,
    description: 'our vault',
    fetch: async (request) => Object.fromEntries(request.keys.map((k) => [k, `value-of-${k}`])),
  };
  const team = definePlugin({ name: 'team', apply: (engine) => secretsAdapters(engine).tap('team', (table) => table.add(vault)) });
  const engine = new Engine([secretsPlugin, team]);
  const table = adapterTable(engine);
  assert.ok(table.names().includes('team-vault') && table.names().includes('1password'));
  assert.equal(await table.get('TEAM-VAULT').fetch({ keys: ['a'], names: ['a'] }, { cli: { run: () => ({ code: 0, stdout: '', stderr: '' }) }, env: {} }), { a: 'value-of-a' });
});

test.run();
