import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customGraphsPlugin } from '../../plugins/custom-graphs/index.js';
import { lockPlugin } from '../../plugins/lock/index.js';
import { prunePlugin } from '../../plugins/prune/index.js';
import { runEngine } from '../support/engine.js';

const config = {
  servers: { web: ['w1', 'w2'], jobs: ['j1'] },
  graphs: {
    migrate: {
      steps: [
        { id: 'migrate', run: 'docker exec app-web bin/rails db:migrate', roles: ['web'], hosts: ['w1'] },
        { id: 'tidy', graph: 'prune' },
      ],
    },
  },
};

test('a config graph runs its shell step on the selected hosts, then a whole built-in graph, under one lock', async () => {
  const { result, fake } = await runEngine({ plugins: [lockPlugin, prunePlugin, customGraphsPlugin], config, graph: 'migrate' });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.calls.map((c) => `${c.host} ${c.command}`);
  assert.equal(commands.filter((c) => c.includes('db:migrate')), ['w1 docker exec app-web bin/rails db:migrate']);
  const migrate = commands.findIndex((c) => c.includes('docker exec'));
  const firstPrune = commands.findIndex((c) => c.includes('containers=$( docker ps'));
  assert.ok(migrate < firstPrune, 'steps run in order');
  assert.equal(fake.calls.filter((c) => c.command.includes('mkdir .kamal/lock-app')).length, 1, 'the lock is taken once');
  assert.equal(fake.calls.filter((c) => c.command === 'rm -r .kamal/lock-app').length, 1, 'and released once');
});

test('a failing step stops the graph and still releases the lock', async () => {
  const { result, fake } = await runEngine({
    plugins: [lockPlugin, prunePlugin, customGraphsPlugin],
    config,
    graph: 'migrate',
    script: (f) => f.respond('db:migrate', { code: 1, stderr: 'pending migration failed' }),
  });
  assert.is(result.exitCode, 1);
  assert.not.ok(fake.calls.some((c) => c.command.includes('containers=$( docker ps')), 'later steps do not run');
  assert.ok(fake.calls.some((c) => c.command === 'rm -r .kamal/lock-app'));
});

test.run();
