import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderErb } from '../../../core/config/erb.js';
import { problemLines } from './config-error.js';

const env = { HOST: 'example.com', EMPTY: '' };
const builtin = { cwd: process.cwd(), renderer: 'builtin' as const };
const render = (template: string) => renderErb(template, 'deploy.yml', env, builtin).text;

test('ENV["X"] and ENV[\'X\'] read the environment; a missing variable is empty', () => {
  assert.is(render('a: <%= ENV["HOST"] %>\nb: <%= ENV[\'HOST\'] %>\nc: "<%= ENV["NOPE"] %>"\n'), 'a: example.com\nb: example.com\nc: ""\n');
});

test('ENV.fetch with and without a default', () => {
  assert.is(render('a: <%= ENV.fetch("HOST") %>\nb: <%= ENV.fetch("NOPE", "fallback") %>\nc: <%= ENV.fetch(\'EMPTY\', "x") %>\n'), 'a: example.com\nb: fallback\nc: \n');
});

test('ENV.fetch of a missing variable without default is an error at its tag', async () => {
  const lines = await problemLines(() => render('service: app\nhost: <%= ENV.fetch("NOPE") %>\n'));
  assert.equal(lines, ['deploy.yml:2:7 ERB: ENV.fetch("NOPE"): environment variable NOPE is not set (key not found)']);
});

test('anything outside the subset is refused at its tag, naming it and saying Ruby renders it', async () => {
  const lines = await problemLines(() => render('a: <%= ENV["HOST"].upcase %>\n<% [1].each do |x| %>\nb: <%= "#{1}" %>\n'));
  const hint = 'Gantry renders ENV[…], ENV.fetch, ||, %x(…) and backticks, File.read(…).strip/.chomp and if/unless/elsif/else/end without Ruby; install Ruby (`ruby` on PATH) to render any ERB as Kamal does';
  assert.equal(lines, [
    `deploy.yml:1:4 unsupported ERB: <%= ENV["HOST"].upcase %> uses \`.upcase\`. ${hint}`,
    `deploy.yml:2:1 unsupported ERB: <% [1].each do |x| %> is a Ruby statement Gantry does not run. ${hint}`,
    `deploy.yml:3:4 unsupported ERB: <%= "#{1}" %> uses string interpolation \`#{…}\`. ${hint}`,
  ]);
});

test('||, ENV.fetch with a block, %x(…) and backticks, File.read with strip/chomp, if/unless/elsif/else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-erb-'));
  writeFileSync(join(dir, 'token'), ' tok \n');
  const at = (template: string, vars: NodeJS.ProcessEnv = env) => renderErb(template, 'deploy.yml', { ...vars, PATH: process.env.PATH }, { cwd: dir, renderer: 'builtin' }).text;
  assert.is(at('a: <%= ENV["NOPE"] || "d" %>\nb: <%= ENV["EMPTY"] || "d" %>\n'), 'a: d\nb: \n');
  assert.is(at('a: <%= ENV.fetch("NOPE") { "blk" } %>\n'), 'a: blk\n');
  assert.is(at('a: <%= %x(echo hi).strip %>\nb: <%= `printf x` %>\n'), 'a: hi\nb: x\n');
  assert.is(at('a: <%= File.read("token").strip %>\nb: "<%= File.read(\'token\').chomp %>"\n'), 'a: tok\nb: " tok "\n');
  const branches = '<% if ENV["HOST"] == "example.com" -%>\na: 1\n<% elsif ENV["X"] -%>\na: 2\n<% else -%>\na: 3\n<% end -%>\n<% unless ENV["NOPE"] -%>\nb: 1\n<% end -%>\n';
  assert.is(at(branches), 'a: 1\nb: 1\n');
  assert.is(at(branches, { X: '1' }), 'a: 2\nb: 1\n');
  assert.is(at(branches, {}), 'a: 3\nb: 1\n');
  rmSync(dir, { recursive: true, force: true });
});

test('ERB in YAML comments is left alone, even outside the subset', () => {
  assert.is(render('# password: <%= ENV.fetch("NOPE").upcase %>\na: 1 # <% weird %>\n'), '# password: <%= ENV.fetch("NOPE").upcase %>\na: 1 # <% weird %>\n');
});

test('-%> eats the newline after the tag; <%- eats the indentation before it', () => {
  assert.is(render('a: <%= ENV["HOST"] -%>\nb: 1\n'), 'a: example.comb: 1\n');
  assert.is(render('list:\n  <%-= ENV["HOST"] %>\n'), 'list:\nexample.com\n');
});

test('<%% is a literal <%', () => {
  assert.is(render('a: "<%% not erb %>"\n'), 'a: "<% not erb %>"\n');
});

test('offsets in the rendered text map back to the template', () => {
  const template = 'host: <%= ENV["HOST"] %>\nport: 22\n';
  const result = renderErb(template, 'deploy.yml', env, builtin);
  const renderedPort = result.text.indexOf('port');
  assert.is(result.sourceOffset(renderedPort), template.indexOf('port'));
  assert.is(result.sourceOffset(result.text.indexOf('example')), template.indexOf('<%='));
});

test.run();
