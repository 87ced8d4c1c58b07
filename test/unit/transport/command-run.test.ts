import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandRun } from '../../../core/transport/command-run.js';

test('brief: a short command as it is; a long or multi-line one cut to its first 80 characters', () => {
  const brief = (command: string) => new CommandRun('h1', command, {}, () => undefined).brief();
  assert.is(brief('docker ps'), 'docker ps');
  assert.is(brief(`docker run ${'x'.repeat(200)}`), `docker run ${'x'.repeat(69)}…`);
  assert.is(brief("sh -c 'end=1\nwhile :; do sleep 1; done'"), "sh -c 'end=1…");
});

test.run();
