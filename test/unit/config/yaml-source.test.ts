import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { problemLines } from './config-error.js';

const parse = (text: string, env: NodeJS.ProcessEnv = {}) => parseYamlSource('deploy.yml', text, env);
const at = (text: string, pointer: string) => {
  const p = parse(text).positions.get(pointer);
  return p && `${p.line}:${p.col}`;
};

test('positions point at keys and list items', () => {
  const text = 'service: app\nservers:\n  web:\n    hosts:\n      - 1.2.3.4\n      - 5.6.7.8: eu\n';
  assert.is(at(text, '/service'), '1:1');
  assert.is(at(text, '/servers/web/hosts'), '4:5');
  assert.is(at(text, '/servers/web/hosts/1'), '6:9');
  assert.is(at(text, '/servers/web/hosts/1/5.6.7.8'), '6:9');
});

test('<<: merges work, and merged keys point at the anchor unless written in place', () => {
  const text = 'x-base: &base\n  user: app\n  port: 22\nssh:\n  <<: *base\n  port: 2222\n';
  const source = parse(text);
  assert.equal(source.data, { 'x-base': { user: 'app', port: 22 }, ssh: { user: 'app', port: 2222 } });
  assert.is(at(text, '/ssh/user'), '2:3');
  assert.is(at(text, '/ssh/port'), '6:3');
});

test('positions stay on the template lines after ERB expansion', () => {
  const text = 'a: <%= ENV["LONG"] %>\nb: <%= ENV["X"] -%>\n\nc: 1\n';
  const source = parseYamlSource('deploy.yml', text, { LONG: 'a-much-longer-value', X: 'x' });
  const c = source.positions.get('/c');
  assert.equal(c && [c.line, c.col], [4, 1]);
  assert.equal(source.data, { a: 'a-much-longer-value', b: 'x', c: 1 });
});

test('a syntax error reports its line', async () => {
  const lines = await problemLines(() => parse('service: app\nservers: [1.2.3.4\nimage: x\n'));
  assert.is(lines.length, 1);
  assert.match(lines[0], /^deploy\.yml:\d+:\d+ YAML syntax error: /);
  assert.ok(!lines[0].includes('\n'), 'one line, without the code excerpt');
});

test('a bad indent is reported on its own line', async () => {
  const lines = await problemLines(() => parse('service: app\nssh:\n  user: a\n port: 22\n'));
  assert.equal(lines, ['deploy.yml:4:1 YAML syntax error: All mapping items must start at the same column']);
});

test('duplicate keys are errors', async () => {
  const lines = await problemLines(() => parse('service: a\nimage: x\nservice: b\n'));
  assert.match(lines[0], /^deploy\.yml:3:1 YAML syntax error: Map keys must be unique/);
});

test('YAML 1.1 as Psych reads it: yes/no/on/off in any case, 10_000_000, 012 and 0x1F; y, n, . and dates stay strings', () => {
  const text = 'a: yes\nb: Off\nc: true\nd: y\ne: 10_000_000\nf: 012\ng: 0x1F\nh: .\ni: 2024-01-01\nj: "yes"\nk: 1_000.5\nl: 1e3\nm: .5\n';
  assert.equal(parse(text).data, { a: true, b: false, c: true, d: 'y', e: 10_000_000, f: 10, g: 31, h: '.', i: '2024-01-01', j: 'yes', k: 1000.5, l: '1e3', m: 0.5 });
});

test.run();
