import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitCommandLine } from '../../../core/command-line.js';
import { mergeEnv, secretValues } from '../../../plugins/app/env.js';
import { renderEnvFile } from '../../../plugins/app/env-file.js';

test('merge: root, then role, then host tags; later clear values win, secrets accumulate', () => {
  const root = { clear: { RAILS_ENV: 'production', PORT: 3000 }, secret: ['RAILS_MASTER_KEY'] };
  const role = { clear: { PORT: '4000', QUEUE: 'default' }, secret: ['DB_PASSWORD', 'RAILS_MASTER_KEY'] };
  const tag = { clear: { DEBUG: true } };
  assert.equal(mergeEnv(root, role, tag), {
    clear: { RAILS_ENV: 'production', PORT: '4000', QUEUE: 'default', DEBUG: 'true' },
    secret: ['RAILS_MASTER_KEY', 'DB_PASSWORD'],
  });
  assert.equal(mergeEnv(), { clear: {}, secret: [] });
});

test('secret values: NAME:ALIAS reads the alias', () => {
  const secrets: Record<string, string> = { DB_PASSWORD: 'pw', DB_PASSWORD_PRODUCTION: 'prod-pw' };
  const lookup = (name: string) => {
    const value = secrets[name];
    if (value === undefined) throw new Error(`missing ${name}`);
    return value;
  };
  assert.equal(secretValues(['DB_PASSWORD', 'OTHER:DB_PASSWORD_PRODUCTION'], lookup), { DB_PASSWORD: 'pw', OTHER: 'prod-pw' });
  assert.throws(() => secretValues(['NOPE'], lookup), /missing NOPE/);
});

test('env file: one KEY=value per line, values literal', () => {
  assert.is(renderEnvFile({ foo: 'bar', baz: 'haz' }), 'foo=bar\nbaz=haz\n');
  assert.is(renderEnvFile({}), '');
  assert.is(renderEnvFile({ Q: `"quoted" 'single' $HOME #not-a-comment =x` }), `Q="quoted" 'single' $HOME #not-a-comment =x\n`);
  assert.is(renderEnvFile({ U: 'héllo ✓' }), 'U=héllo ✓\n');
});

test('env file: line breaks and control characters escaped as Kamal does, backslashes doubled', () => {
  assert.is(renderEnvFile({ foo: 'hello\nthere' }), 'foo=hello\\nthere\n');
  assert.is(renderEnvFile({ foo: 'hello\\nthere' }), 'foo=hello\\\\nthere\n');
  assert.is(renderEnvFile({ K: '-----BEGIN KEY-----\r\nabc\n-----END KEY-----\n' }), 'K=-----BEGIN KEY-----\\r\\nabc\\n-----END KEY-----\\n\n');
  assert.is(renderEnvFile({ C: 'a\tb\x01c\x7f\x1b' }), 'C=a\\tb\\x01c\\x7F\\e\n');
});

test('env file: names Docker would misread are refused', () => {
  for (const key of ['', 'A B', 'A=B', '#A', 'A\nB']) assert.throws(() => renderEnvFile({ [key]: 'v' }), /Invalid environment variable name/);
});

test('cmd strings split like a shell, without expansion', () => {
  assert.equal(splitCommandLine('bin/jobs --queue default'), ['bin/jobs', '--queue', 'default']);
  assert.equal(splitCommandLine(`  sh -c 'echo "$HOME" && exit 1'  `), ['sh', '-c', 'echo "$HOME" && exit 1']);
  assert.equal(splitCommandLine('a "b c" d\\ e "x\\"y" ""'), ['a', 'b c', 'd e', 'x"y', '']);
  assert.equal(splitCommandLine('$VAR'), ['$VAR']);
  assert.equal(splitCommandLine(''), []);
  assert.throws(() => splitCommandLine(`echo 'unterminated`), /Unbalanced/);
});

test.run();
