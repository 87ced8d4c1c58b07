import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { problemLines } from './config-error.js';

const HEAD = 'service: app\nimage: acme/app\n';
const validate = (text: string, destination?: string) =>
  validateConfig(parseYamlSource('gantry.yml', text, {}), { files: ['gantry.yml'], destination });
const problems = (text: string, destination?: string) => problemLines(() => validate(text, destination));

test('defaults as Kamal', async () => {
  const config = await validate(`${HEAD}servers:\n  - 1.2.3.4\n`);
  assert.is(config.primary_role, 'web');
  assert.is(config.retain_containers, 5);
  assert.is(config.readiness_delay, 7);
  assert.is(config.deploy_timeout, 30);
  assert.is(config.drain_timeout, 30);
  assert.equal(config.ssh, { user: 'root', port: 22 });
  assert.equal(config.sshkit, { max_concurrent_starts: 30, pool_idle_timeout: 900, dns_retries: 3 });
  const proxied = await validate(`${HEAD}servers: [a]\nproxy:\n  host: x.com\n`);
  assert.is(proxied.proxy?.app_port, 80);
});

test("a role's proxy gets no app_port default (it would override the root's when merged)", async () => {
  const config = await validate(`${HEAD}servers:\n  web:\n    hosts: [a]\n    proxy:\n      host: x.com\nproxy:\n  app_port: 3000\n`);
  const web = (config.servers as Record<string, { proxy?: unknown }>).web;
  assert.equal(web.proxy, { host: 'x.com' });
});

test('wrong type at its key: servers.web.hosts: expected array', async () => {
  assert.equal(await problems(`${HEAD}servers:\n  web:\n    hosts: 1.2.3.4\n`), ['gantry.yml:5:5 servers.web.hosts: expected array']);
});

test('unknown keys everywhere, x- keys at the top level only', async () => {
  const text = `${HEAD}x-anchors: {a: 1}\nservers:\n  web:\n    hosts: [a]\n    x-note: 1\nproxy:\n  helthcheck: {}\nfoo: 1\n`;
  assert.equal(await problems(text), [
    'gantry.yml:7:5 servers.web.x-note: unknown key',
    'gantry.yml:9:3 proxy.helthcheck: unknown key',
    'gantry.yml:10:1 foo: unknown key (custom top-level keys must start with x-)',
  ]);
});

test('all problems at once, sorted by position, in plain words', async () => {
  const text = `${HEAD}servers: [a]\nboot:\n  limit: "25"\nproxy:\n  driver: nginx\n  ssl: {certificate_pem: CERT}\nbuilder:\n  arch: x86\nregistry:\n  password: [A, B]\n`;
  assert.equal(await problems(text), [
    'gantry.yml:5:3 boot.limit: expected a number of hosts or a percentage like "25%"',
    'gantry.yml:7:3 proxy.driver: expected one of: kamal-proxy, caddy, traefik',
    'gantry.yml:8:3 proxy.ssl.private_key_pem: required key is missing',
    'gantry.yml:10:3 builder.arch: expected amd64, arm64 or array',
    'gantry.yml:12:3 registry.password: expected at most 1 item',
  ]);
});

test('yes is a boolean (YAML 1.1, as Kamal); y is a string, with a hint; empty values say so', async () => {
  validate(`${HEAD}servers: [a]\nssh:\n  keys_only: yes\n`);
  assert.equal(await problems(`${HEAD}servers: [a]\nssh:\n  keys_only: y\n  port:\n`), [
    'gantry.yml:5:3 ssh.keys_only: expected boolean (`y` is a string here: write true or false)',
    'gantry.yml:6:3 ssh.port: expected integer (the value is empty)',
  ]);
});

test('hosts: plain, tagged, multi-tagged; a two-key host item is refused', async () => {
  await validate(`${HEAD}servers:\n  web:\n    - 1.2.3.4\n    - 1.2.3.5: eu\n    - 1.2.3.6: [eu, batch]\n`);
  assert.equal(await problems(`${HEAD}servers:\n  - 1.2.3.4\n  - {a: x, b: y}\n`), ['gantry.yml:5:5 servers[1]: expected a host, or one `host: tag` pair']);
});

test('env: flat or clear/secret; tags only in the root env', async () => {
  await validate(`${HEAD}servers: [a]\nenv:\n  A: 1\n  B: x\n`);
  await validate(`${HEAD}servers: [a]\nenv:\n  clear: {A: 1}\n  secret: [B, C:D]\n  tags:\n    eu: {REGION: eu}\n    batch:\n      secret: [X]\n`);
  const text = `${HEAD}servers:\n  web:\n    hosts: [a]\n    env:\n      clear: {A: {x: 1}}\n      tags: {eu: {A: 1}}\n      bogus: 1\n`;
  assert.equal(await problems(text), [
    'gantry.yml:7:15 servers.web.env.clear.A: expected string, number or boolean',
    'gantry.yml:8:7 servers.web.env.tags: env tags are only allowed in the root env',
    'gantry.yml:9:7 servers.web.env.bogus: unknown key',
  ]);
});

test('service name: a-z, 0-9, _ and - (any case)', async () => {
  await validate('service: My_App-2\nimage: x\nservers: [a]\n');
  assert.equal(await problems('service: my app\nimage: x\nservers: [a]\n'), ['gantry.yml:1:1 service: invalid service name "my app": use letters, digits, _ and -']);
});

test('image is required unless the registry is localhost:PORT', async () => {
  assert.equal(await problems('service: app\nservers: [a]\n'), ['gantry.yml:1:1 image: required key is missing (only a localhost:PORT registry may omit it)']);
  await validate('service: app\nservers: [a]\nregistry:\n  server: localhost:5555\n');
});

test('every role has hosts unless allow_empty_roles', async () => {
  const text = `${HEAD}servers:\n  web: [a]\n  job:\n    cmd: bin/jobs\n`;
  assert.equal(await problems(text), ['gantry.yml:5:3 servers.job: role "job" has no hosts (set allow_empty_roles: true to allow it)']);
  await validate(`${text}allow_empty_roles: true\n`);
});

test('the primary role must exist and have hosts', async () => {
  assert.equal(await problems(`${HEAD}servers:\n  job: [a]\n`), ['gantry.yml:3:1 servers: primary role "web" is not defined in servers (roles: job)']);
  assert.equal(await problems(`${HEAD}primary_role: api\nservers: [a]\n`), ['gantry.yml:3:1 primary_role: primary role "api" is not defined in servers (roles: web)']);
  assert.equal(await problems(`${HEAD}allow_empty_roles: true\nservers:\n  web: []\n  job: [a]\n`), ['gantry.yml:5:3 servers.web: the primary role "web" has no hosts']);
});

test('retain_containers >= 1', async () => {
  assert.equal(await problems(`${HEAD}servers: [a]\nretain_containers: 0\n`), ['gantry.yml:4:1 retain_containers: must be at least 1']);
});

test('minimum_version is Kamal’s: any Kamal 2 passes, Kamal 3 is refused; it must look like a version', async () => {
  await validate(`${HEAD}servers: [a]\nminimum_version: 0.1.0\n`);
  await validate(`${HEAD}servers: [a]\nminimum_version: "2.0"\n`);
  await validate(`${HEAD}servers: [a]\nminimum_version: 2.12.1\n`);
  assert.equal(await problems(`${HEAD}servers: [a]\nminimum_version: 2.0\n`), ['gantry.yml:4:1 minimum_version: expected string']);
  assert.equal(await problems(`${HEAD}servers: [a]\nminimum_version: "3.0"\n`), ['gantry.yml:4:1 minimum_version: this config needs Kamal 3.0 or newer; Gantry 0.1.0 follows Kamal 2']);
  assert.equal(await problems(`${HEAD}servers: [a]\nminimum_version: latest\n`), ['gantry.yml:4:1 minimum_version: expected a version like 1.2.3']);
});

test('labels must not use service, role or destination (root and roles)', async () => {
  const text = `${HEAD}labels:\n  service: x\nservers:\n  web:\n    hosts: [a]\n    labels:\n      destination: y\n      team: z\n`;
  assert.equal(await problems(text), [
    'gantry.yml:4:3 labels.service: the "service" label is reserved: gantry sets it',
    'gantry.yml:9:7 servers.web.labels.destination: the "destination" label is reserved: gantry sets it',
  ]);
});

test('alias names use a-z, 0-9, _ and -', async () => {
  await validate(`${HEAD}servers: [a]\naliases:\n  my_console-2: app exec -i bash\n`);
  assert.equal(await problems(`${HEAD}servers: [a]\naliases:\n  Console: app exec -i bash\n`), ['gantry.yml:5:3 aliases.Console: alias names may contain only a-z, 0-9, _ and - (starting with a letter or digit)']);
});

test('custom graph steps: exactly one of run/node/graph, unique ids', async () => {
  const text = `${HEAD}servers: [a]\ngraphs:\n  warm:\n    steps:\n      - id: a\n        run: x\n        node: app:boot\n      - id: b\n      - id: a\n        graph: deploy\n`;
  assert.equal(await problems(text), [
    'gantry.yml:7:9 graphs.warm.steps[0]: a step needs exactly one of run, node, graph (found run, node)',
    'gantry.yml:10:9 graphs.warm.steps[1]: a step needs exactly one of run, node, graph',
    'gantry.yml:11:9 graphs.warm.steps[2].id: duplicate step id "a"',
  ]);
});

test('plugins: names or [name, options]; preset is a name', async () => {
  await validate(`${HEAD}servers: [a]\npreset: rails\nplugins:\n  - ./plugins/x.ts\n  - [gantry-plugin-y, {level: 2}]\n`);
  assert.equal(await problems(`${HEAD}servers: [a]\nplugins:\n  - [a, b, c]\n`), [
    'gantry.yml:5:9 plugins[0][1]: expected object',
    'gantry.yml:5:12 plugins[0][2]: unexpected extra item',
  ]);
});

test('require_destination without a destination is an error at that key', async () => {
  const text = `${HEAD}servers: [a]\nrequire_destination: true\n`;
  assert.equal(await problems(text), ['gantry.yml:4:1 require_destination: a destination is required: pass -d DESTINATION']);
  await validate(text, 'staging');
});

test('a top level that is not a hash', async () => {
  assert.equal(await problems('- a\n- b\n'), ['gantry.yml:1:1 expected a hash of settings (service: ..., servers: ...)']);
});

test('builder.args: a null value is accepted (passed as a bare --build-arg KEY, as Kamal)', async () => {
  const config = await validate(`${HEAD}servers: [a]\nbuilder:\n  arch: amd64\n  args:\n    FROM_ENV:\n    RUBY: 3.3\n`);
  assert.equal(config.builder?.args, { FROM_ENV: null, RUBY: 3.3 });
});

test.run();
