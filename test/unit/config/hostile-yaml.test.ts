import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { problemLines } from './config-error.js';

const HEAD = 'service: app\nimage: acme/app\nservers: [a]\n';
const problems = (text: string) => problemLines(() => parseYamlSource('gantry.yml', text, {}));

/** Runs `step` and returns how long it took, in ms. */
async function timed(step: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await step();
  return performance.now() - start;
}

function aliasBomb(levels: number, width: number): string {
  const lines = [`x-a0: &a0 [${Array(width).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`x-a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return `${HEAD}${lines.join('\n')}\n`;
}

test('an alias bomb under x- keys is refused at once, positioned', async () => {
  let lines: string[] = [];
  const ms = await timed(async () => (lines = await problems(aliasBomb(9, 9))));
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^gantry\.yml:1:1 YAML error: Excessive alias count/);
});

test('deep flow nesting is refused before parsing, at the bracket', async () => {
  const text = `${HEAD}x-deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
  let lines: string[] = [];
  const ms = await timed(async () => (lines = await problems(text)));
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.equal(lines, ['gantry.yml:4:265 nesting too deep: more than 256 open brackets']);
});

test('deep block nesting (indentation, or `- - -` on one line) is refused', async () => {
  const indented = `${HEAD}x-deep:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}- \n`).join('')}`;
  assert.match((await problems(indented))[0]!, /^gantry\.yml:\d+:1 nesting too deep: more than 256 columns/);
  const dashes = `${HEAD}x-deep: ${'- '.repeat(5000)}x\n`;
  assert.match((await problems(dashes))[0]!, /^gantry\.yml:4:\d+ nesting too deep/);
});

test('moderate nesting that passes the text scan is caught on the document, aliases counted at their depth', async () => {
  const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  assert.equal(await problems(`${HEAD}x-deep: ${nested(100)}\n`), ['gantry.yml:4:72 nesting too deep: more than 64 levels of maps and lists']);
  const stacked = `${HEAD}x-a: &a ${nested(40)}\nx-b: ${nested(40).replace('1', '*a')}\n`;
  assert.match((await problems(stacked))[0]!, /^gantry\.yml:5:\d+ nesting too deep: more than 64 levels/);
  parseYamlSource('gantry.yml', `${HEAD}x-ok: ${nested(30)}\n`, {});
});

test.run();
