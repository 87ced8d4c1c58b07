/**
 * The notifier against a real local HTTP endpoint (127.0.0.1), driven by Gantry's engine on fake
 * hosts: what a deploy sends, what a failed one sends, that a dry run and a dead webhook change
 * nothing, and that its config section is checked like Gantry's own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appPlugin } from '../../../../plugins/app/index.js';
import { runCli } from '../../../../test/support/cli.js';
import { runEngine } from '../../../../test/support/engine.js';
import { tempProject } from '../../../../test/unit/config/temp-project.js';
import deployNotifier from '../index.js';

const PLUGIN = fileURLToPath(new URL('../index.ts', import.meta.url));
let server: Server;
let url: string;
let received: Record<string, unknown>[] = [];

test.before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      received.push({ ...JSON.parse(body), contentType: request.headers['content-type'] });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deploys`;
});
test.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
test.before.each(() => {
  received = [];
});

const deploy = (opts: { fail?: string; dryRun?: boolean; url?: string } = {}) =>
  runEngine({
    plugins: [appPlugin, deployNotifier()],
    config: { service: 'shop', servers: { web: ['h1', 'h2'] }, notifier: { url: opts.url ?? url, timeout_ms: 2000 } } as never,
    graph: 'deploy',
    version: 'v7',
    dryRun: opts.dryRun,
    secrets: { DB_PASSWORD: 'hunter2' },
    script: (fake) => {
      // Without a proxy plugin, `docker run` and the health wait are one round trip (exit 4: the run failed).
      if (opts.fail) fake.respond((host, command) => host === opts.fail && command.includes('gantry-run-healthy'), { code: 4, stdout: 'run 125\n', stderr: 'no space left on device (hunter2)' });
      // The other host turns healthy only after the failure: its boot is called off.
      fake.respond('gantry-run-healthy', { stdout: 'healthy' }, { delayMs: opts.fail ? 50 : 0 });
    },
  });

const shapes = () => received.map(({ event, host, ok }) => [event, host ?? ok ?? null]);

test('a deploy posts start, one host_booted per host, and done, as JSON describing the deploy', async () => {
  const { result } = await deploy();
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(shapes(), [['start', null], ['host_booted', 'h1'], ['host_booted', 'h2'], ['done', true]]);
  const [start] = received;
  assert.equal({ ...start, at: typeof start!.at }, { event: 'start', service: 'shop', destination: null, version: 'v7', command: 'deploy', at: 'string', contentType: 'application/json' });
});

test('a failed deploy posts failed with each failed task (secrets redacted), then done with ok: false', async () => {
  const { result } = await deploy({ fail: 'h2' });
  assert.is(result.exitCode, 1);
  assert.equal(shapes(), [['start', null], ['failed', null], ['done', false]]);
  const failed = received[1] as { error: string; failures: { task: string; host: string; message: string }[] };
  assert.match(failed.error, /task\(s\) failed/);
  // h2's boot failed; h1's was called off because of it.
  assert.equal(failed.failures.map((f) => [f.task, f.host]), [['app:boot', 'h1'], ['app:boot', 'h2']]);
  assert.match(failed.failures[1]!.message, 'exited with 125\nno space left on device ([REDACTED])');
  assert.not.match(JSON.stringify(received), 'hunter2');
});

test('a dry run posts nothing; a webhook that is down costs a warning, not the deploy', async () => {
  const dry = await deploy({ dryRun: true });
  assert.ok(dry.result.ok);
  assert.equal(received, []);
  const down = await deploy({ url: 'http://127.0.0.1:9/nothing-listens' });
  assert.ok(down.result.ok);
  assert.ok(down.logged.some((line) => line.startsWith('deploy-notifier: could not post "start" to http://127.0.0.1:9/nothing-listens')), down.logged.join('\n'));
});

test('its notifier: section is checked with the config: an unknown key and a bad url at file:line:col, a missing section named', async () => {
  const head = `service: shop\nimage: acme/shop\nservers: [h1]\nplugins:\n  - ${PLUGIN}\n`;
  const check = async (text: string) => {
    const run = await runCli(['-c', join(tempProject({ 'gantry.yml': text }), 'gantry.yml'), 'config', '--json']);
    return run.code === 0 ? JSON.parse(run.stdout).config.notifier : run.stderr.split('\n').filter((line) => line.includes('gantry.yml:')).map((line) => line.slice(line.indexOf('gantry.yml:')));
  };
  assert.equal(await check(`${head}notifier:\n  url: hooks.example.com\n  channel: ops\n`), [
    'gantry.yml:7:3 notifier.url: must match the pattern ^https?://\\S+$',
    'gantry.yml:8:3 notifier.channel: unknown key',
  ]);
  assert.equal(await check(head), ['gantry.yml:4:1 plugins: deploy-notifier needs its notifier: section (notifier: { url: https://… })']);
  assert.equal(await check(`${head}notifier:\n  url: https://hooks.example.com/d\n`), { url: 'https://hooks.example.com/d', timeout_ms: 5000 });
});

test.run();
