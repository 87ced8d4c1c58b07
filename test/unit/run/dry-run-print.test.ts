import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { printDryRun, writeDryRun } from '../../../core/dry-run.js';
import type { RecordedCommand, RunResult } from '../../../core/run/run-result.js';

const resultOf = (commands: RecordedCommand[]): RunResult => ({ ok: true, outcomes: [], failures: [], interrupted: false, exitCode: 0, commands });
const recorded = (host: string, command: string): RecordedCommand => ({ key: `n@${host}`, host, command });

test('the printout groups the commands by host, hosts in the order they first ran something', () => {
  const result = resultOf([recorded('a', 'docker pull x'), recorded('b', 'docker pull x'), recorded('a', 'docker run x')]);
  assert.is(printDryRun(result), '# a\n  docker pull x\n  docker run x\n\n# b\n  docker pull x\n');
  assert.is(printDryRun(resultOf([])), 'dry run: no commands\n');
});

test('a large printout is written in pieces of about 64 KB, cut between hosts, that add up to the whole', () => {
  const long = `docker run ${'x'.repeat(200)}`;
  const commands = Array.from({ length: 3_000 }, (_, i) => recorded(`10.0.${i >> 8}.${i & 255}`, `${long} ${i}`));
  const chunks: string[] = [];
  writeDryRun(resultOf(commands), (text) => void chunks.push(text));
  assert.ok(chunks.length > 5, `${chunks.length} pieces`);
  for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.length >= 1 << 16 && chunk.endsWith('\n'));
  for (const chunk of chunks.slice(1)) assert.ok(chunk.startsWith('\n# '));
  const whole = chunks.join('');
  assert.is(whole, commands.map((c, i) => `${i ? '\n' : ''}# ${c.host}\n  ${c.command}\n`).join(''));
  assert.is(printDryRun(resultOf(commands)), whole);
});

test.run();
