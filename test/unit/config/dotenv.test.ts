import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandEntry, parseDotenv } from '../../../core/config/dotenv.js';
import { problemLines } from './config-error.js';

const parse = (text: string) => parseDotenv(text, '.kamal/secrets');

/** Expands every entry in order, like the secrets loader, with commands echoed instead of run. */
function expandAll(text: string, env: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of parse(text)) {
    values[entry.key] = expandEntry(entry, {
      lookup: (name) => values[name] ?? env[name],
      run: (command) => `<ran ${command}>`,
    });
  }
  return values;
}

test('KEY=value, export, comments, blank lines, `KEY: value`', () => {
  const text = '# comment\n\nA=1\nexport B=two words # trailing comment\nC: three\nD=with#hash\n  E = spaced  \n';
  assert.equal(expandAll(text), { A: '1', B: 'two words', C: 'three', D: 'with#hash', E: 'spaced' });
});

test('quotes: single is literal, double expands escapes and may span lines', () => {
  const text = "A='$HOME \\n'\nB=\"line1\\nline2 \\\"q\\\"\"\nC=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nD=x\n";
  assert.equal(expandAll(text, { HOME: '/root' }), {
    A: '$HOME \\n',
    B: 'line1\nline2 "q"',
    C: '-----BEGIN KEY-----\nabc\n-----END KEY-----',
    D: 'x',
  });
});

test('$VAR and ${VAR}: earlier keys first, then the environment; unknown is empty; \\$ is literal', () => {
  const text = 'USER=app\nA=$USER-${USER}\nB=$HOME/x\nC=${NOPE}!\nD=\\$USER\nE="${USER}@$HOST"\n';
  assert.equal(expandAll(text, { HOME: '/home/me', USER: 'env-user', HOST: 'h' }), {
    USER: 'app',
    A: 'app-app',
    B: '/home/me/x',
    C: '!',
    D: '$USER',
    E: 'app@h',
  });
});

test('$(command) with nested parentheses goes to the runner whole', () => {
  assert.equal(expandAll('A=$(op read "op://vault/$(whoami)/pw")\nB=x$(echo y)z\n'), {
    A: '<ran op read "op://vault/$(whoami)/pw">',
    B: 'x<ran echo y>z',
  });
});

test('entries keep their position', () => {
  const [, second] = parse('A=1\n  export B=2\n');
  assert.equal([second.key, second.line, second.col], ['B', 2, 10]);
});

test('malformed lines and unterminated quotes are errors with their position', async () => {
  assert.equal(await problemLines(() => parse('A=1\nnot an assignment\n')), ['.kamal/secrets:2:1 expected KEY=value (the line is not shown: it may hold a secret)']);
  assert.equal(await problemLines(() => parse('A=1\nB="open\n')), ['.kamal/secrets:2:3 B: unterminated " quote']);
});

test.run();
