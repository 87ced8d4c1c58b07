/**
 * The rails preset's db:prepare in a real deploy graph: once, on the primary host, before any
 * app container boots; when it fails, nothing boots and the old containers keep serving.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { presetFor } from '../../presets/index.js';
import { runEngine } from '../support/engine.js';

const config = { service: 'shop', image: 'acme/shop', servers: { web: ['h1', 'h2'], jobs: ['h3'] }, registry: { server: 'localhost:5555' }, env: { secret: ['RAILS_MASTER_KEY'] } };
const isPrepare = (command: string) => command.includes('bin/rails db:prepare');
/** The pulled image carries the service label the pull checks. */
const labelled = (fake: FakeTransportFactory) => fake.respond('{{ .Config.Labels.service }}', { stdout: 'shop\n' });
const isBoot = (command: string) => /^docker run .*--name shop-(web|jobs)-v2\b/.test(command);

test('db:prepare runs once, on the primary host, after the pull and before the first app container', async () => {
  const { result, fake } = await runEngine({ plugins: [presetFor('rails')], config, graph: 'deploy', version: 'v2', options: { skipPush: true }, secrets: { RAILS_MASTER_KEY: 'mk-1' }, script: labelled });
  assert.ok(result.ok, result.failures.map((f) => `${f.key}: ${f.error?.message}`).join('\n'));
  const calls = fake.calls.map((call) => ({ host: call.host, command: call.command }));
  const prepares = calls.filter((call) => isPrepare(call.command));
  assert.equal(prepares.map((call) => call.host), ['h1']);
  const prepareAt = calls.findIndex((call) => isPrepare(call.command));
  const firstBoot = calls.findIndex((call) => isBoot(call.command));
  assert.ok(firstBoot > prepareAt, 'a boot came before db:prepare');
  assert.not.ok(calls.some((call) => call.command.includes('mk-1')), 'the master key never reaches argv');
  assert.ok(fake.uploads.some((upload) => upload.host === 'h1' && upload.path.endsWith('web-db-prepare.env') && upload.mode === 0o600 && upload.content.includes('RAILS_MASTER_KEY=mk-1')));
  for (const host of ['h1', 'h2', 'h3']) {
    const pull = calls.findIndex((call) => call.host === host && call.command.startsWith('docker pull'));
    assert.ok(pull >= 0 && pull < prepareAt, `${host} pulled before db:prepare`);
  }
});

test('a failing db:prepare stops the deploy: no app container boots, no old one stops, latest still names the old version', async () => {
  const { result, fake } = await runEngine({
    plugins: [presetFor('rails')],
    config,
    graph: 'deploy',
    version: 'v2',
    options: { skipPush: true },
    secrets: { RAILS_MASTER_KEY: 'mk-1' },
    script: (fake) => labelled(fake).respond((_host, command) => isPrepare(command), { code: 1, stderr: 'ActiveRecord::PendingMigrationError' }),
  });
  assert.is(result.exitCode, 1);
  assert.equal(result.failures.map((failure) => failure.nodeId), ['rails:db-prepare']);
  assert.match(result.failures[0]!.error!.message, 'ActiveRecord::PendingMigrationError');
  const commands = fake.calls.map((call) => call.command);
  assert.not.ok(commands.some(isBoot), 'no app container booted');
  assert.not.ok(commands.some((command) => command.startsWith('docker stop') || command.startsWith('docker tag')), commands.join('\n'));
});

test.run();
