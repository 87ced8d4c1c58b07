/** The same Kamal config loads the same with Ruby's ERB and with the built-in subset. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../../core/config/load.js';
import { renderErb } from '../../../core/config/erb.js';
import { problemLines } from './config-error.js';
import { tempProject } from './temp-project.js';

const DEPLOY = `service: app
image: <%= ENV["IMAGE"] || "acme/app" %>
servers:
  - 1.2.3.4
registry:
  username: deploy
  password: <%= %x(echo token) %>
<% if ENV["WITH_ENV"] -%>
env:
  clear:
    TOKEN: <%= File.read("config/token.txt").strip %>
<% end -%>
builder:
  arch: amd64
  args:
    LIMIT: 10_000_000
# kamal init keeps one of these: <%= ENV.fetch("KAMAL_REGISTRY_PASSWORD") %>
`;

const ENVS = { ruby: {}, builtin: { GANTRY_ERB: 'builtin' } };

for (const [renderer, extra] of Object.entries(ENVS)) {
  test(`${renderer}: ENV || default, %x(…), <% if %>, File.read, YAML 1.1 integers, ERB in a comment`, async () => {
    const cwd = tempProject({ 'config/deploy.yml': DEPLOY, 'config/token.txt': '  file-token\n' });
    const env = { PATH: process.env.PATH, WITH_ENV: '1', ...extra };
    const { config } = await loadConfig({ cwd, env });
    assert.is(config.image, 'acme/app');
    assert.equal(config.registry?.password, 'token');
    assert.equal(config.env, { clear: { TOKEN: 'file-token' } });
    assert.equal(config.builder?.args, { LIMIT: 10_000_000 });
    const without = await loadConfig({ cwd, env: { PATH: process.env.PATH, IMAGE: 'acme/other', ...extra } });
    assert.is(without.config.image, 'acme/other');
    assert.is(without.config.env, undefined);
  });

  test(`${renderer}: a config error after ERB points at the line written`, async () => {
    const cwd = tempProject({ 'config/deploy.yml': DEPLOY.replace('builder:', '<% if true -%>\n<% end -%>\nbogus: 1\nbuilder:') });
    const lines = await problemLines(() => loadConfig({ cwd, env: { PATH: process.env.PATH, ...extra } }), cwd);
    assert.equal(lines, ['config/deploy.yml:15:1 bogus: unknown key (custom top-level keys must start with x-)']);
  });
}

test('ruby: Ruby errors are positioned at the template line; the rest of Ruby works', async () => {
  const ruby = { cwd: process.cwd(), renderer: 'ruby' as const };
  assert.is(renderErb('a: <%= [1, 2].map { |x| x * 2 }.join(",") %>\n', 'deploy.yml', { PATH: process.env.PATH }, ruby).text, 'a: 2,4\n');
  const lines = await problemLines(() => renderErb('a: 1\nb: <%= ENV.fetch("NOPE") %>\n', 'deploy.yml', { PATH: process.env.PATH }, ruby));
  assert.equal(lines, ['deploy.yml:2:1 ERB (rendered by Ruby): key not found: "NOPE" (KeyError)']);
});

test.run();
