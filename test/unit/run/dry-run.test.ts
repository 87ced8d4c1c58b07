import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { graphOf, harness, host, node, run } from './helpers.js';

const hosts = [host('p1'), host('p2'), host('s1', false)];

function deployGraph(targets = hosts) {
  return graphOf(
    [
      node('build', { scope: 'local' }),
      node('env', {
        dependsOn: ['build'],
        run: async (env) => env.upload('SECRET_KEY_BASE=abc\n', '/app/.env', 0o600),
      }),
      node('pull', { dependsOn: ['build'], run: async (env) => void (await env.run(['docker', 'pull', 'app:1'])) }),
      node('boot', { dependsOn: ['pull', 'env'] }),
    ],
    targets,
  );
}

test('dry run executes nothing and records every command in a stable order', async () => {
  const h = harness(hosts, { ctx: { dryRun: true } });

  const result = await run(deployGraph(), h);

  assert.is(result.exitCode, 0);
  assert.equal(h.transports.calls, []);
  assert.equal(h.transports.uploads, []);
  assert.equal(
    result.commands.map((c) => `${c.host}: ${c.command}`),
    [
      'localhost: echo build',
      'p1: upload /app/.env (mode 0600)',
      'p2: upload /app/.env (mode 0600)',
      's1: upload /app/.env (mode 0600)',
      'p1: docker pull app:1',
      'p2: docker pull app:1',
      's1: docker pull app:1',
      'p1: echo boot',
      'p2: echo boot',
      's1: echo boot',
    ],
  );
});

test('dry run order does not depend on timing', async () => {
  const orders: string[][] = [];
  for (const delay of [0, 3]) {
    const h = harness(hosts, { ctx: { dryRun: true } });
    h.hooks.beforeTask.tapPromise('jitter', (n) => new Promise((r) => setTimeout(r, n.id === 'pull' ? delay : 0)));
    orders.push((await run(deployGraph(), h)).commands.map((c) => `${c.key} ${c.command}`));
  }
  assert.equal(orders[0], orders[1]);
});

test('uploads are recorded with path and mode, never content', async () => {
  const h = harness(hosts, { ctx: { dryRun: true } });

  const result = await run(deployGraph(), h);

  assert.not.ok(JSON.stringify(result.commands).includes('SECRET_KEY_BASE'));
  assert.not.ok(JSON.stringify(h.reporter.events).includes('SECRET_KEY_BASE'));
});

test('a real run uploads the content and records the same line', async () => {
  const h = harness([host('p1')]);
  const result = await run(deployGraph([host('p1')]), h);

  assert.equal(h.transports.uploads, [{ host: 'p1', path: '/app/.env', mode: 0o600, content: 'SECRET_KEY_BASE=abc\n' }]);
  assert.ok(result.commands.some((c) => c.command === 'upload /app/.env (mode 0600)'));
});

test.run();
