import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { simpleCommandWords } from '../../../core/config/simple-words.js';

const vars: Record<string, string> = {
  SECRETS: '\\{\\"REGISTRY_PASSWORD\\":\\"pw\\ 1\\",\\"DB\\":\\"x\\"\\}',
  SPACED: '  a  b ',
  EMPTY: '',
};
const lookup = (name: string) => vars[name];

/** What sh itself hands the program, for the same line and variables. */
function shWords(command: string): string[] {
  const result = spawnSync('sh', ['-c', `set -f; printf '%s\\0' ${command}`], { env: { ...vars, PATH: process.env.PATH }, encoding: 'utf8' });
  return result.stdout.split('\0').slice(0, -1);
}

test('simple commands split and expand as sh does', () => {
  for (const line of [
    'kamal secrets extract REGISTRY_PASSWORD $SECRETS',
    'kamal secrets extract REGISTRY_PASSWORD ${SECRETS}',
    'kamal secrets extract "REGISTRY_PASSWORD" "$SECRETS"',
    "gantry secrets extract 'DB' x$SPACED\"y\" $EMPTY ''",
    'kamal  secrets\textract DB a\\ b "c\\"d\\$e"',
  ]) {
    assert.equal(simpleCommandWords(line, lookup), shWords(line), line);
  }
});

test('anything beyond a simple command is left to the shell', () => {
  for (const line of [
    'kamal secrets extract X $SECRETS | tr a b',
    'kamal secrets extract X $(cat f)',
    'kamal secrets extract X `cat f`',
    'kamal secrets extract X $SECRETS; rm -rf y',
    'kamal secrets extract X ${SECRETS:-d}',
    'kamal secrets extract X $1',
    'kamal secrets extract X *.json',
    'kamal secrets extract X > out',
    'A=b kamal secrets extract X',
    '~/bin/kamal secrets extract X',
    'kamal secrets extract X "unterminated',
  ]) {
    assert.is(simpleCommandWords(line, lookup), undefined, line);
  }
});

test.run();
