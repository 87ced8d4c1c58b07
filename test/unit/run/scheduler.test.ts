import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TaskEnv } from '../../../core/graph/model.js';
import type { TaskOutcome } from '../../../core/run/results.js';
import { graphOf, harness, host, node, run, statusOf, timeline } from './helpers.js';

const h1 = host('h1');
const h2 = host('h2', false);

test('an instance starts when its own dependencies are done, not a whole layer', async () => {
  const h = harness([h1, h2]);
  h.transports.respond((host, cmd) => host === 'h2' && cmd.includes('pull'), {}, { delayMs: 60 });
  h.transports.respond('pull', {}, { delayMs: 5 });
  const graph = graphOf([node('pull'), node('boot', { dependsOn: ['pull'] })], [h1, h2]);

  const result = await run(graph, h);

  assert.is(result.exitCode, 0);
  const events = timeline(h.reporter);
  const bootH1Started = events.indexOf('task:start boot@h1');
  const pullH2Done = events.indexOf('task:success pull@h2');
  assert.ok(bootH1Started >= 0 && bootH1Started < pullH2Done, `boot@h1 waited for pull@h2: ${events.join(' | ')}`);
  // boot@h1 even finished while h2 was still pulling.
  assert.ok(events.indexOf('task:success boot@h1') < pullH2Done);
});

test('maxParallel bounds how many instances run at once', async () => {
  const hosts = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => host(n));
  const h = harness(hosts, { maxParallel: 2 });
  let running = 0;
  let peak = 0;
  const graph = graphOf(
    [
      node('work', {
        run: async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 3));
          running--;
        },
      }),
    ],
    hosts,
  );

  const result = await run(graph, h);

  assert.is(result.exitCode, 0);
  assert.is(peak, 2);
  assert.equal(result.outcomes.map((o) => o.status), Array(6).fill('success'));
});

test('slots go to ready instances in instance order (primary hosts first)', async () => {
  const hosts = [host('p1'), host('p2'), host('s1', false)];
  const h = harness(hosts, { maxParallel: 1 });
  const graph = graphOf([node('pull')], hosts);

  await run(graph, h);

  assert.equal(h.transports.calls.map((c) => c.host), ['p1', 'p2', 's1']);
});

test('anchors complete instantly and are not shown to reporters', async () => {
  const h = harness([h1]);
  const graph = graphOf(
    [
      node('deploy:start', { anchor: true, scope: 'local', run: undefined }),
      node('pull', { dependsOn: ['deploy:start'] }),
    ],
    [h1],
  );

  const result = await run(graph, h);

  assert.is(statusOf(result.outcomes, 'deploy:start'), 'success');
  assert.equal(timeline(h.reporter), ['run:start', 'task:start pull@h1', 'task:command pull@h1', 'task:success pull@h1', 'run:end']);
});

test('skip() is evaluated when ready; a self-skipped dependency counts as done', async () => {
  let checkedAfterBuild = false;
  const h = harness([h1]);
  const graph = graphOf(
    [
      node('build', { scope: 'local' }),
      node('assets', {
        dependsOn: ['build'],
        skip: () => {
          checkedAfterBuild = h.transports.calls.length === 1;
          return 'no asset path configured';
        },
      }),
      node('boot', { dependsOn: ['assets'] }),
    ],
    [h1],
  );

  const result = await run(graph, h);

  assert.ok(checkedAfterBuild, 'skip() ran before its dependency finished');
  assert.is(statusOf(result.outcomes, 'assets@h1'), 'skipped: no asset path configured');
  assert.is(statusOf(result.outcomes, 'boot@h1'), 'success');
  assert.is(result.exitCode, 0);
});

test('local nodes use the local transport, host nodes their host', async () => {
  const h = harness([h1]);
  const graph = graphOf([node('build', { scope: 'local' }), node('pull', { dependsOn: ['build'] })], [h1]);

  const result = await run(graph, h);

  assert.equal(h.transports.calls.map((c) => `${c.host}: ${c.command}`), ['localhost: echo build', 'h1: echo pull']);
  assert.equal(result.commands, [
    { key: 'build', host: 'localhost', command: 'echo build' },
    { key: 'pull@h1', host: 'h1', command: 'echo pull' },
  ]);
});

test('capture trims stdout and keeps it as a value (the task prints it, once), probe never throws, output lines reach the reporter', async () => {
  const h = harness([h1]);
  h.transports.respond('docker ps', { stdout: 'abc123\n' });
  h.transports.respond('docker inspect', { code: 1, stderr: 'no such container' });
  h.transports.respond('docker logs', { stdout: 'line one\nline two\n' });
  const seen: unknown[] = [];
  const graph = graphOf(
    [
      node('inspect', {
        run: async (env) => {
          seen.push(await env.capture(['docker', 'ps', '-q']));
          seen.push((await env.probe(['docker', 'inspect', 'x'])).code);
          await env.run(['docker', 'logs', 'x']);
          env.output('done checking');
        },
      }),
    ],
    [h1],
  );

  const result = await run(graph, h);

  assert.is(result.exitCode, 0);
  assert.equal(seen, ['abc123', 1]);
  const lines = h.reporter.events.flatMap((e) => (e.type === 'task:output' ? [e.line] : []));
  assert.equal(lines, ['no such container', 'line one', 'line two', 'done checking']);
});

test('the command hook wraps argv before it is recorded and run', async () => {
  const h = harness([h1]);
  h.hooks.command.tap('sudo', (cmd, target) => (target ? ['sudo', ...cmd] : cmd));
  const graph = graphOf([node('pull')], [h1]);

  const result = await run(graph, h);

  assert.equal(h.transports.commandsFor('h1'), ['sudo echo pull']);
  assert.is(result.commands[0].command, 'sudo echo pull');
});

test('hooks: beforeTask, afterTask with the outcome, done', async () => {
  const h = harness([h1]);
  const calls: string[] = [];
  h.hooks.beforeTask.tapPromise('t', async (n, env: TaskEnv) => void calls.push(`before ${n.id}@${env.host?.name}`));
  h.hooks.afterTask.tapPromise('t', async (o: TaskOutcome) => void calls.push(`after ${o.key} ${o.status}`));
  h.hooks.failed.tapPromise('t', async () => void calls.push('failed'));
  h.hooks.done.tapPromise('t', async (_ctx, outcomes) => void calls.push(`done ${outcomes.length}`));
  const graph = graphOf([node('pull'), node('boot', { dependsOn: ['pull'] })], [h1]);

  await run(graph, h);

  assert.equal(calls, ['before pull@h1', 'after pull@h1 success', 'before boot@h1', 'after boot@h1 success', 'done 2']);
});

test('a dependency cycle fails the stuck instances instead of hanging', async () => {
  const h = harness([h1]);
  const graph = graphOf([node('a', { dependsOn: ['b'] }), node('b', { dependsOn: ['a'] })], [h1]);

  const result = await run(graph, h);

  assert.is(result.exitCode, 1);
  assert.match(result.failures[0].error!.message, 'cannot progress');
});

test.run();
