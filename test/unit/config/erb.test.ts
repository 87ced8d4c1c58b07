import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderErb } from '../../../core/config/erb.js';
import { problemLines } from './config-error.js';

const env = { HOST: 'example.com', EMPTY: '' };
const render = (template: string) => renderErb(template, 'deploy.yml', env).text;

test('ENV["X"] and ENV[\'X\'] read the environment; a missing variable is empty', () => {
  assert.is(render('a: <%= ENV["HOST"] %>\nb: <%= ENV[\'HOST\'] %>\nc: "<%= ENV["NOPE"] %>"\n'), 'a: example.com\nb: example.com\nc: ""\n');
});

test('ENV.fetch with and without a default', () => {
  assert.is(render('a: <%= ENV.fetch("HOST") %>\nb: <%= ENV.fetch("NOPE", "fallback") %>\nc: <%= ENV.fetch(\'EMPTY\', "x") %>\n'), 'a: example.com\nb: fallback\nc: \n');
});

test('ENV.fetch of a missing variable without default is an error at its tag', async () => {
  const lines = await problemLines(() => render('service: app\nhost: <%= ENV.fetch("NOPE") %>\n'));
  assert.equal(lines, ['deploy.yml:2:7 ENV.fetch("NOPE"): environment variable NOPE is not set']);
});

test('anything else inside <% %> is refused, every tag reported', async () => {
  const lines = await problemLines(() => render('a: <%= `whoami` %>\n<% if true %>\nb: <%= ENV["HOST"].upcase %>\n'));
  assert.equal(lines, [
    'deploy.yml:1:4 unsupported ERB: <%= `whoami` %>, only ENV[...] and ENV.fetch(...) are supported',
    'deploy.yml:2:1 unsupported ERB: <% if true %>, only ENV[...] and ENV.fetch(...) are supported',
    'deploy.yml:3:4 unsupported ERB: <%= ENV["HOST"].upcase %>, only ENV[...] and ENV.fetch(...) are supported',
  ]);
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
  const result = renderErb(template, 'deploy.yml', env);
  const renderedPort = result.text.indexOf('port');
  assert.is(result.sourceOffset(renderedPort), template.indexOf('port'));
  assert.is(result.sourceOffset(result.text.indexOf('example')), template.indexOf('<%='));
});

test.run();
