import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchesGlob } from '../../core/glob.js';

test('* matches any run of characters, everything else literally', () => {
  assert.ok(matchesGlob('web-1.example.com', 'web-*'));
  assert.ok(matchesGlob('web-1.example.com', '*.example.com'));
  assert.ok(matchesGlob('web-1.example.com', 'w*1*com'));
  assert.ok(matchesGlob('abc', '***'));
  assert.ok(matchesGlob('', '*'));
  assert.ok(matchesGlob('a.b', 'a.b'));
  assert.not.ok(matchesGlob('axb', 'a.b'));
  assert.not.ok(matchesGlob('web-1', 'web'));
  assert.not.ok(matchesGlob('web', 'web-*'));
  assert.not.ok(matchesGlob('', 'a'));
  assert.ok(matchesGlob('aab', '*ab'));
  assert.ok(matchesGlob('mississippi', 'm*iss*ppi'));
  assert.not.ok(matchesGlob('mississippi', 'm*iss*ppix'));
});

test('a pattern made to backtrack stays linear-ish (no nested quantifiers)', () => {
  const text = 'a'.repeat(20_000);
  const pattern = `${'a*'.repeat(40)}b`;
  const start = performance.now();
  assert.not.ok(matchesGlob(text, pattern));
  const ms = performance.now() - start;
  assert.ok(ms < 500, `took ${ms} ms`);
});

test.run();
