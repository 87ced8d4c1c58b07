import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { nameProblem } from '../../../core/config/names.js';
import { problemLines } from './config-error.js';

const HEAD = 'service: app\nimage: acme/app\n';
const problems = (text: string) =>
  problemLines(() => validateConfig(parseYamlSource('gantry.yml', text, {}), { files: ['gantry.yml'] }));

test('a role, accessory or host that would become a path or an option is refused at its key', async () => {
  const text = `${HEAD}servers:\n  web: [a]\n  ../../etc/profile.d/x: [b]\n  jobs: [-oProxyCommand=x, 'c d', {'e/f': tag}]\naccessories:\n  ../db:\n    image: mysql\n    host: a\n`;
  assert.equal(await problems(text), [
    'gantry.yml:5:3 servers.../../etc/profile.d/x: invalid role name "../../etc/profile.d/x": use letters, digits, _ and -',
    'gantry.yml:6:10 servers.jobs[0]: invalid host "-oProxyCommand=x": use a host name or IP address (letters, digits, . : _ - [ ] @ %)',
    'gantry.yml:6:28 servers.jobs[1]: invalid host "c d": use a host name or IP address (letters, digits, . : _ - [ ] @ %)',
    'gantry.yml:6:36 servers.jobs[2].e/f: invalid host "e/f": use a host name or IP address (letters, digits, . : _ - [ ] @ %)',
    'gantry.yml:8:3 accessories.../db: invalid accessory name "../db": use letters, digits, _ and -',
  ]);
});

test('ordinary names pass: IPv4, IPv6, host names, user@host, dashed roles', () => {
  for (const host of ['1.2.3.4', '2001:db8::1', '[2001:db8::1]', 'web-1.example.com', 'deploy@web1', 'fe80::1%eth0']) assert.is(nameProblem('host', host), undefined, host);
  for (const version of ['abc123', 'v1.2.3', '0123456789abcdef0123456789abcdef01234567_uncommitted_0123456789abcdef']) assert.is(nameProblem('version', version), undefined);
  for (const version of ['', '-x', '.x', 'a/b', 'a:b', 'x'.repeat(129), 'a b']) assert.ok(nameProblem('version', version), version);
  for (const destination of ['staging', 'eu.west', 'prod_2']) assert.is(nameProblem('destination', destination), undefined);
  for (const destination of ['..', '.x', '../x', '', 'a/b']) assert.ok(nameProblem('destination', destination), destination);
});

test('aliases: not named like a gantry command, not expanding to themselves', async () => {
  const text = `${HEAD}servers: [a]\naliases:\n  config: version\n  --help: deploy\n  loop: loop -v\n  ping: pong\n  pong: ping now\n  ok: deploy\n`;
  assert.equal(await problems(text), [
    'gantry.yml:5:3 aliases.config: "config" is a gantry command: an alias cannot replace it',
    'gantry.yml:6:3 aliases.--help: alias names may contain only a-z, 0-9, _ and - (starting with a letter or digit)',
    'gantry.yml:7:3 aliases.loop: the alias expands to itself: loop → loop',
    'gantry.yml:8:3 aliases.ping: the alias expands to itself: ping → pong → ping',
    'gantry.yml:9:3 aliases.pong: the alias expands to itself: pong → ping → pong',
  ]);
});

test('custom graph names: command words, not empty, not help or another gantry command', async () => {
  const step = '\n    steps: [{id: a, run: "true"}]';
  const text = `${HEAD}servers: [a]\ngraphs:\n  "":${step}\n  help:${step}\n  --help:${step}\n  "db  migrate":${step}\n  db migrate:${step}\n`;
  assert.equal(await problems(text), [
    'gantry.yml:5:3 graphs.: invalid graph name "": use words of a-z, 0-9, _ and - (each starting with a letter or digit), separated by single spaces',
    'gantry.yml:7:3 graphs.help: "help" is a gantry command: a graph cannot replace it',
    'gantry.yml:9:3 graphs.--help: invalid graph name "--help": use words of a-z, 0-9, _ and - (each starting with a letter or digit), separated by single spaces',
    'gantry.yml:11:3 graphs.db  migrate: invalid graph name "db  migrate": use words of a-z, 0-9, _ and - (each starting with a letter or digit), separated by single spaces',
  ]);
});

test('secrets is a gantry command: neither an alias nor a graph may take its name', async () => {
  const text = `${HEAD}servers: [a]\naliases:\n  secrets: version\ngraphs:\n  secrets fetch:\n    steps: [{id: a, run: "true"}]\n`;
  assert.equal(await problems(text), [
    'gantry.yml:5:3 aliases.secrets: "secrets" is a gantry command: an alias cannot replace it',
    'gantry.yml:7:3 graphs.secrets fetch: "secrets" is a gantry command: a graph cannot replace it',
  ]);
});

test.run();
