import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { and, inDirectory, or, pipe, plainArgv, quoteWord, raw, seq, subshell, toShell } from '../../../core/transport/quote.js';

const NASTY = [
  '',
  ' ',
  'two words',
  "it's",
  "''",
  '"double"',
  '$HOME',
  '${PATH}',
  '$(id)',
  '`id`',
  'a\nb',
  'tab\there',
  '*',
  '?.txt',
  '[a-z]',
  '{a,b}',
  '~',
  '~root',
  'a;b',
  'a && b',
  'a|b',
  '<in >out',
  '#comment',
  '\\',
  '!event',
  'héllo wörld ✓ 日本',
  '--flag=value with space',
  '-n',
];

/** What `sh` hands a program for this command line: argv[1..] as printed by printf. */
function argvThroughShell(line: string): string[] {
  const out = execFileSync('sh', ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('quoteWord leaves safe words readable', () => {
  for (const word of ['docker', 'run', '--detach', 'app:v1.2', 'a@b', '50%', 'a+b', 'k=v', 'x,y', '/var/lib/app', '-']) {
    assert.is(quoteWord(word), word);
  }
});

test('quoteWord single-quotes everything else, empty included', () => {
  assert.is(quoteWord(''), "''");
  assert.is(quoteWord('two words'), "'two words'");
  assert.is(quoteWord("it's"), `'it'\\''s'`);
  assert.is(quoteWord('$HOME'), "'$HOME'");
  assert.is(quoteWord('~'), "'~'");
});

test('every nasty value survives sh -c unchanged, one argv word each', () => {
  const line = toShell(['printf', '%s\\0', ...NASTY]);
  assert.equal(argvThroughShell(line), NASTY);
});

test('each nasty value alone round-trips too', () => {
  for (const value of NASTY) {
    assert.equal(argvThroughShell(toShell(['printf', '%s\\0', value])), [value], JSON.stringify(value));
  }
});

test('toShell inserts raw shell syntax verbatim', () => {
  assert.is(toShell(['echo', 'a b', raw('|'), 'tr', 'a', 'A', raw('2>&1')]), "echo 'a b' | tr a A 2>&1");
});

test('a word in command position that the shell would read as an assignment or keyword is quoted', () => {
  assert.is(toShell(['FOO=1', 'env']), "'FOO=1' env");
  assert.is(toShell(['if']), "'if'");
  assert.is(toShell(['env', 'FOO=1']), 'env FOO=1');
  assert.is(toShell(['true', raw('&&'), 'A=b']), "true && 'A=b'");
});

test('combinators join commands with operators', () => {
  assert.is(toShell(and(['mkdir', '-p', '/a b'], ['touch', '/a b/x'])), "mkdir -p '/a b' && touch '/a b/x'");
  assert.is(toShell(or(['test', '-f', 'x'], ['touch', 'x'])), 'test -f x || touch x');
  assert.is(toShell(pipe(['docker', 'ps'], ['grep', 'web app'])), "docker ps | grep 'web app'");
  assert.is(toShell(seq(['a'], ['b'], ['c'])), 'a ; b ; c');
  assert.is(toShell(subshell(and(['a'], ['b']))), '( a && b )');
});

test('combinators really run as shell operators', () => {
  const line = toShell(seq(or(['false'], ['printf', 'or-ran ']), pipe(['printf', 'x y'], ['tr', 'xy', 'XY'])));
  assert.is(execFileSync('sh', ['-c', line], { encoding: 'utf8' }), 'or-ran X Y');
});

test('inDirectory guards a whole compound command with cd', () => {
  assert.is(toShell(inDirectory('/srv/my app', ['ls'])), "cd '/srv/my app' && ls");
  assert.is(toShell(inDirectory('/srv', seq(['a'], ['b']))), 'cd /srv && ( a ; b )');
});

test('plainArgv gives spawnable words only when there is no raw syntax', () => {
  assert.equal(plainArgv(['ls', '-la', 'a b']), ['ls', '-la', 'a b']);
  assert.is(plainArgv(['ls', raw('|'), 'wc']), undefined);
});

test.run();
