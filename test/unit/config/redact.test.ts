import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redactValues, secretForms } from '../../../core/config/redact.js';
import { toShell } from '../../../core/transport/quote.js';

const SECRET = `it's "a" $ecret\\`;

test('every form a value can take is redacted: raw, shell-quoted, escaped, JSON, base64, URL-encoded', () => {
  const outputs = [
    `password: ${SECRET}`,
    toShell(['docker', 'login', '-p', SECRET]),
    toShell(['sh', '-c', `echo "${SECRET.replace(/["\\$`]/g, '\\$&')}"`]),
    JSON.stringify({ password: SECRET }),
    `auth ${Buffer.from(SECRET).toString('base64')}`,
    `auth ${Buffer.from(SECRET).toString('base64').replace(/=+$/, '')}.`,
    `https://user:${encodeURIComponent(SECRET)}@registry`,
  ];
  for (const output of outputs) {
    const redacted = redactValues(output, [SECRET]);
    assert.match(redacted, '[REDACTED]', output);
    for (const form of secretForms(SECRET)) assert.not.ok(redacted.includes(form), `${form} in ${redacted}`);
  }
});

test('whole values only: a secret inside a longer word stays (issue 12)', () => {
  assert.is(redactValues('xabc123y abc123 KEY=abc123 (abc123) abc1234', ['abc123']), 'xabc123y [REDACTED] KEY=[REDACTED] ([REDACTED]) abc1234');
  assert.is(redactValues('a-b-c: -b-', ['-b-']), 'a[REDACTED]c: [REDACTED]', 'a value edged with punctuation matches anywhere');
});

test('longest first, short values ignored, nothing to do without values', () => {
  assert.is(redactValues('token abcdef and abc', ['abc', 'abcdef']), 'token [REDACTED] and [REDACTED]');
  assert.is(redactValues('ab is short', ['ab']), 'ab is short');
  assert.is(redactValues('plain', []), 'plain');
});

test.run();
