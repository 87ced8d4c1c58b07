import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../../core/errors.js';
import { FakeTransportFactory } from '../../../core/transport/fake.js';
import { pipe } from '../../../core/transport/quote.js';
import { rejectionOf } from './rejection.js';

test('every call on every host lands in one ordered log, quoted once', async () => {
  const fake = new FakeTransportFactory();
  await fake.forHost('web1').exec(['docker', 'pull', 'app:1']);
  await fake.forHost('web2').exec(pipe(['docker', 'ps'], ['grep', 'my app']), { stdin: 'pw', cwd: '/srv' });
  await fake.local().exec(['docker', 'build', '.'], { env: { TOKEN: 't' } });
  assert.equal(fake.calls, [
    { host: 'web1', command: 'docker pull app:1', argv: ['docker', 'pull', 'app:1'] },
    { host: 'web2', command: "docker ps | grep 'my app'", argv: pipe(['docker', 'ps'], ['grep', 'my app']), cwd: '/srv', stdin: 'pw' },
    { host: 'localhost', command: 'docker build .', argv: ['docker', 'build', '.'], env: { TOKEN: 't' } },
  ]);
  assert.equal(fake.commandsFor('web1'), ['docker pull app:1']);
});

test('uploads are recorded, in order with the calls', async () => {
  const fake = new FakeTransportFactory();
  const web1 = fake.forHost('web1');
  await web1.upload('SECRET=1', '/app/.env', 0o600);
  await web1.exec(['docker', 'run', '--env-file', '/app/.env', 'app']);
  await web1.upload(Buffer.from('public'), '/app/readme');
  assert.equal(fake.uploads, [
    { host: 'web1', path: '/app/.env', mode: 0o600, content: 'SECRET=1' },
    { host: 'web1', path: '/app/readme', mode: 0o644, content: 'public' },
  ]);
  assert.equal(
    fake.log.map((entry) => ('command' in entry ? entry.command : `upload ${entry.path}`)),
    ['upload /app/.env', 'docker run --env-file /app/.env app', 'upload /app/readme'],
  );
});

test('forHost pools one transport per host', () => {
  const fake = new FakeTransportFactory();
  assert.is(fake.forHost('web1'), fake.forHost('web1'));
  assert.is.not(fake.forHost('web1'), fake.forHost('web2'));
});

test('unmatched commands succeed silently; the first matching rule wins', async () => {
  const fake = new FakeTransportFactory()
    .respond('docker ps', { stdout: 'abc123\n' })
    .respond(/^docker/, { code: 1, stderr: 'no' })
    .respond((host) => host === 'db', (host, command) => ({ stdout: `${host}:${command}` }));
  assert.equal(await fake.forHost('web1').exec(['true']), { code: 0, stdout: '', stderr: '' });
  assert.equal(await fake.forHost('web1').exec(['docker', 'ps', '-q']), { code: 0, stdout: 'abc123\n', stderr: '' });
  assert.equal(await fake.forHost('web1').exec(['docker', 'pull', 'x']), { code: 1, stdout: '', stderr: 'no' });
  assert.equal(await fake.forHost('db').exec(['uptime']), { code: 0, stdout: 'db:uptime', stderr: '' });
});

test('a /g pattern matches every time', async () => {
  const fake = new FakeTransportFactory().respond(/pull/g, { code: 7 });
  assert.is((await fake.forHost('a').exec(['docker', 'pull'])).code, 7);
  assert.is((await fake.forHost('a').exec(['docker', 'pull'])).code, 7);
});

test('onData sees the scripted output', async () => {
  const fake = new FakeTransportFactory().respond('hello', { stdout: 'hi', stderr: 'warn' });
  const chunks: string[] = [];
  await fake.forHost('a').exec(['echo', 'hello'], { onData: (chunk, stream) => chunks.push(`${stream}:${chunk}`) });
  assert.equal(chunks, ['stdout:hi', 'stderr:warn']);
});

test('a rule delay lets concurrent calls overlap, recorded in start order', async () => {
  const fake = new FakeTransportFactory().respond('slow', { stdout: 'slow' }, { delayMs: 50 });
  const finished: string[] = [];
  const started = Date.now();
  await Promise.all(
    ['web1', 'web2', 'web3'].map(async (host) => {
      await fake.forHost(host).exec(['slow']);
      finished.push(host);
    }),
  );
  assert.ok(Date.now() - started < 140, 'the three delays ran concurrently');
  assert.equal(fake.calls.map((call) => call.host), ['web1', 'web2', 'web3']);
  assert.is(finished.length, 3);
});

test('abort during a delay rejects with AbortedError', async () => {
  const fake = new FakeTransportFactory().respond('slow', {}, { delayMs: 5000 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 10);
  assert.instance(await rejectionOf(fake.forHost('a').exec(['slow'], { signal: controller.signal })), AbortedError);
});

test.run();
