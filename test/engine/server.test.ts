import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serverPlugin } from '../../plugins/server/index.js';
import { pullPlugin } from '../../plugins/pull/index.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1', 'h2'] };

test('setup: Docker is installed with curl where missing, before anything else reaches the host', async () => {
  let installed = false;
  const { result, fake } = await runEngine({
    plugins: [serverPlugin, pullPlugin],
    config: { servers },
    graph: 'setup',
    script: (f) =>
      f
        .respond((host, command) => host === 'h2' && command === 'docker -v', () => ({ code: installed ? 0 : 127 }))
        .respond('curl -fsSL', () => {
          installed = true;
          return {};
        })
        .respond('Labels.service', { stdout: 'app' }),
  });
  assert.ok(result.ok);
  const pull = "docker pull acme/app:v2 >&2 && docker image inspect -f '{{ .Config.Labels.service }}' acme/app:v2";
  assert.equal(fake.commandsFor('h1').slice(0, 2), ['docker -v', pull]);
  assert.equal(fake.commandsFor('h2').slice(0, 5), ['docker -v', 'command -v curl', 'curl -fsSL https://get.docker.com | sh', 'docker -v', pull]);
  const lastInstall = fake.calls.findIndex((c) => c.command.startsWith('curl'));
  assert.ok(fake.calls.findIndex((c) => c.command.startsWith('docker pull')) > lastInstall, 'no pull before every host has Docker');
});

test('setup: wget when curl is missing, through sudo for a non-root user', async () => {
  const { fake } = await runEngine({
    plugins: [serverPlugin],
    config: { servers: ['h1'], ssh: { user: 'deploy' } },
    graph: 'setup',
    script: (f) => f.respond(/^docker -v$/, { code: 127 }).respond('command -v curl', { code: 1 }),
  });
  assert.ok(fake.commandsFor('h1').includes('wget -qO- https://get.docker.com | sudo sh'));
});

test('setup: neither curl nor wget fails loudly', async () => {
  const { result } = await runEngine({
    plugins: [serverPlugin],
    config: { servers: ['h1'] },
    graph: 'setup',
    script: (f) => f.respond('docker -v', { code: 127 }).respond('command -v', { code: 1 }),
  });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'docker is missing on h1 and neither curl nor wget is there');
});

test('deploy does not bootstrap', async () => {
  const { fake } = await runEngine({ plugins: [serverPlugin], config: { servers }, graph: 'deploy' });
  assert.equal(fake.calls, []);
});

test('remove without -y is refused before anything runs; -y or a dry run proceeds', async () => {
  try {
    await runEngine({ plugins: [serverPlugin], config: { servers }, graph: 'remove' });
    assert.unreachable('remove ran without -y');
  } catch (error) {
    assert.is((error as Error).message, 'remove deletes the app from every host (containers, images, proxy routes, accessories; the proxy where no other app uses it): pass -y to confirm');
  }
  assert.ok((await runEngine({ plugins: [serverPlugin], config: { servers }, graph: 'remove', options: { confirmed: true } })).result.ok);
  assert.ok((await runEngine({ plugins: [serverPlugin], config: { servers }, graph: 'remove', dryRun: true })).result.ok);
});

test('server exec: the command line as typed on every selected host, output prefixed per host, exit code passed through', async () => {
  const { result, fake, printed } = await runEngine({
    plugins: [serverPlugin],
    config: { servers },
    graph: 'server exec',
    options: { cmd: ['uname', '-n | tr a-z A-Z'] },
    script: (f) => f.respond('uname', (host) => ({ stdout: `${host.toUpperCase()}\n`, code: host === 'h2' ? 5 : 0 })),
  });
  assert.equal(fake.calls.map((c) => [c.host, c.command]), [['h1', 'uname -n | tr a-z A-Z'], ['h2', 'uname -n | tr a-z A-Z']]);
  assert.equal(printed.sort(), ['h1: H1', 'h2: H2']);
  assert.is(result.exitCode, 5);
});

test('server exec -i: the first selected host only, on a pseudo-terminal', async () => {
  const terminal = { input: new PassThrough(), output: new PassThrough(), term: 'vt100', size: () => ({ rows: 10, cols: 20 }), setRawMode: () => {}, onResize: () => () => {} };
  const { result, fake } = await runEngine({ plugins: [serverPlugin], config: { servers }, graph: 'server exec', options: { cmd: ['bash'], interactive: true }, terminal });
  assert.ok(result.ok);
  assert.equal(fake.calls.map((c) => [c.host, c.command, c.pty]), [['h1', 'bash', { rows: 10, cols: 20, term: 'vt100' }]]);
});

test('server bootstrap: only the Docker install, on every host', async () => {
  const { result, fake } = await runEngine({
    plugins: [serverPlugin, pullPlugin],
    config: { servers },
    graph: 'server bootstrap',
    script: (f) => f.respond((host, command) => host === 'h2' && command === 'docker -v', { code: 127 }).respond('command -v', { code: 1 }),
  });
  assert.not.ok(result.ok);
  assert.equal(fake.commandsFor('h1'), ['docker -v']);
  assert.equal(fake.commandsFor('h2'), ['docker -v', 'command -v curl', 'command -v wget']);
  assert.match(result.failures[0]!.error!.message, 'docker is missing on h2 and neither curl nor wget is there');
});

test.run();
