import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSecrets, secretsFiles } from '../../../core/config/secrets.js';
import { tempProject } from './temp-project.js';
import { formatFetchOutput } from '../../../plugins/secrets/api.js';
import { inlineSecretsCommand } from '../../../plugins/secrets/cli.js';

const FILES = {
  '.kamal/secrets-common': 'SHARED=common\nDB_PASSWORD=common-db\n',
  '.kamal/secrets': 'DB_PASSWORD=prod-db\nAPI_KEY=$(printf %s "key-$SHARED")\n',
  '.kamal/secrets.staging': 'DB_PASSWORD=staging-db\nTOKEN=${SHARED}-token\n',
};

test('files: <path>-common, then <path> or <path>.<dest>', () => {
  assert.equal(secretsFiles('/p', '.kamal/secrets'), ['/p/.kamal/secrets-common', '/p/.kamal/secrets']);
  assert.equal(secretsFiles('/p', '.kamal/secrets', 'staging'), ['/p/.kamal/secrets-common', '/p/.kamal/secrets.staging']);
});

test('without a destination: common, then the plain file overrides', () => {
  const root = tempProject(FILES);
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', env: {} });
  assert.equal(secrets.names(), ['SHARED', 'DB_PASSWORD', 'API_KEY']);
  assert.is(secrets.get('DB_PASSWORD'), 'prod-db');
  assert.is(secrets.get('API_KEY'), 'key-common');
});

test('with a destination: common, then <path>.<dest>; the plain file is not read', () => {
  const root = tempProject(FILES);
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', destination: 'staging', env: {} });
  assert.is(secrets.get('DB_PASSWORD'), 'staging-db');
  assert.is(secrets.get('TOKEN'), 'common-token');
  assert.not.ok(secrets.has('API_KEY'));
});

test('commands run lazily, in the project root, only when a secret is first read', () => {
  const root = tempProject({ '.gantry/secrets': 'MARK=$(pwd > ran.txt; echo done)\n' });
  const secrets = createSecrets({ root, secretsPath: '.gantry/secrets', env: { PATH: process.env.PATH } });
  assert.equal(secrets.names(), ['MARK']);
  assert.ok(secrets.has('MARK'));
  assert.is(secrets.redact('done'), 'done');
  assert.not.ok(existsSync(join(root, 'ran.txt')), 'names/has/redact must not run commands');
  assert.is(secrets.get('MARK'), 'done');
  assert.ok(existsSync(join(root, 'ran.txt')));
});

test('a missing key falls back to the environment, else names the files searched', async () => {
  const root = tempProject(FILES);
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', env: { FROM_ENV: 'env-value' } });
  assert.ok(secrets.has('FROM_ENV'));
  assert.is(secrets.get('FROM_ENV'), 'env-value');
  try {
    secrets.get('NOPE');
    assert.unreachable();
  } catch (error) {
    const message = (error as Error).message;
    assert.is(message, `secret NOPE not found in ${join(root, '.kamal/secrets-common')}, ${join(root, '.kamal/secrets')} or the environment`);
  }
});

test('a failing command warns with its file:line and key, never its output, and the file carries on (as Kamal)', () => {
  const root = tempProject({ '.gantry/secrets': 'A=1\nB=$(echo partial; echo oops >&2; exit 3)\nC=after\n' });
  const warnings: string[] = [];
  const secrets = createSecrets({ root, secretsPath: '.gantry/secrets', env: { PATH: process.env.PATH }, warn: (m) => warnings.push(m) });
  assert.is(secrets.get('C'), 'after');
  assert.is(secrets.get('B'), 'partial');
  assert.equal(warnings, ['.gantry/secrets:2 B: its $(…) command exited with 3; B is set to what it printed']);
});

test('commands see KAMAL_DESTINATION and GANTRY_DESTINATION, and kamal/gantry on PATH are this Gantry', () => {
  const root = tempProject({
    '.kamal/secrets.staging': [
      'DEST=$(echo "$KAMAL_DESTINATION/$GANTRY_DESTINATION")',
      'SHIM=$(command -v kamal)',
      'SECRETS=$(printf %s \'{"app/TOKEN":"tok en"}\')',
      'TOKEN=$(gantry secrets extract TOKEN $SECRETS)',
      '',
    ].join('\n'),
  });
  const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME };
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', destination: 'staging', env });
  assert.is(secrets.get('DEST'), 'staging/staging');
  assert.is(secrets.get('TOKEN'), 'tok en');
  assert.match(secrets.get('SHIM'), /gantry-shims-[^/]+\/kamal$/);
});

test('kamal secrets extract runs in this process: the fetched JSON is never a program argument', () => {
  const fetched = formatFetchOutput({ DB_PASSWORD: 'pw 1*', 'vault/API_KEY': 'k3y' });
  const root = tempProject({
    '.kamal/secrets':
      `SECRETS=$(printf '%s' '${fetched}')\n` +
      'DB_PASSWORD=$(kamal secrets extract DB_PASSWORD $SECRETS)\n' +
      'API_KEY=$(gantry secrets extract API_KEY "${SECRETS}")\n' +
      'MISSING=$(kamal secrets extract NOPE $SECRETS)\n' +
      'PIPED=$(kamal secrets extract DB_PASSWORD $SECRETS | tr p P)\n',
  });
  const inlined: string[][] = [];
  const warnings: string[] = [];
  const inline = (words: string[]) => {
    const output = inlineSecretsCommand(words);
    if (output !== undefined) inlined.push(words);
    return output;
  };
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', env: { PATH: process.env.PATH }, inline, warn: (m) => warnings.push(m) });
  assert.is(secrets.get('DB_PASSWORD'), 'pw 1*');
  assert.is(secrets.get('API_KEY'), 'k3y');
  assert.is(secrets.get('MISSING'), '');
  // A pipeline is a shell's job: it runs through the kamal shim, as before.
  assert.is(secrets.get('PIPED'), 'Pw 1*');
  // Unquoted, the value splits at its blank as in sh (extract joins the words again).
  assert.equal(inlined, [
    ['kamal', 'secrets', 'extract', 'DB_PASSWORD', ...fetched.split(' ')],
    ['gantry', 'secrets', 'extract', 'API_KEY', fetched],
  ]);
  assert.equal(warnings, [".kamal/secrets:4 MISSING: its $(…) command failed: could not find secret NOPE (keys: DB_PASSWORD, vault/API_KEY); MISSING is set to ''"]);
});

test('redact replaces every resolved value of 3+ characters, longest first', () => {
  const root = tempProject({ '.gantry/secrets': 'LONG=abc123\nSHORT=ab\nPART=abc\n' });
  const secrets = createSecrets({ root, secretsPath: '.gantry/secrets', env: { ENV_SECRET: 'from-env' } });
  secrets.get('LONG');
  secrets.get('ENV_SECRET');
  assert.is(secrets.redact('x abc123 ab abc from-env'), 'x [REDACTED] ab [REDACTED] [REDACTED]');
});

test.run();
