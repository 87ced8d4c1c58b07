import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../../core/errors.js';
import { formatFailureReport } from '../../../core/run/report.js';
import { graphOf, harness, host, node, run, statusOf, timeline } from './helpers.js';

const hosts = [host('h1'), host('h2'), host('h3', false)];

/** pull fails on h1 at once; h2 and h3 pull slowly; boot depends on pull; unlock always; notify on failure. */
function deployGraph() {
  return graphOf(
    [
      node('pull'),
      node('boot', { dependsOn: ['pull'] }),
      node('finished', { scope: 'local', anchor: true, run: undefined, dependsOn: ['boot'] }),
      node('unlock', { scope: 'local', when: 'always', dependsOn: ['finished'] }),
      node('notify', { scope: 'local', when: 'failure', dependsOn: ['finished'] }),
    ],
    hosts,
  );
}

function failingHarness() {
  const h = harness(hosts);
  h.transports.respond((host, cmd) => host === 'h1' && cmd === 'echo pull', { code: 1, stderr: 'manifest unknown' });
  h.transports.respond('echo pull', {}, { delayMs: 15 });
  return h;
}

test('on a failure: running siblings finish, dependents are skipped, always/failure nodes run, exit 1', async () => {
  const h = failingHarness();

  const result = await run(deployGraph(), h);

  assert.is(result.ok, false);
  assert.is(result.exitCode, 1);
  assert.is(result.interrupted, false);
  assert.is(statusOf(result.outcomes, 'pull@h1'), 'failed');
  // Kamal's "wait for all threads": the siblings already running completed.
  assert.is(statusOf(result.outcomes, 'pull@h2'), 'success');
  assert.is(statusOf(result.outcomes, 'pull@h3'), 'success');
  // No new success node starts after the first failure, even on hosts that were fine.
  assert.is(statusOf(result.outcomes, 'boot@h1'), 'skipped: not run: pull@h1 failed');
  assert.is(statusOf(result.outcomes, 'boot@h2'), 'skipped: not run: pull@h1 failed');
  assert.is(statusOf(result.outcomes, 'finished'), 'skipped: not run: pull@h1 failed');
  assert.is(statusOf(result.outcomes, 'unlock'), 'success');
  assert.is(statusOf(result.outcomes, 'notify'), 'success');
  assert.equal(h.transports.commandsFor('localhost'), ['echo unlock', 'echo notify']);
  assert.equal(result.failures.map((f) => f.key), ['pull@h1']);
  const error = result.failures[0].error;
  assert.instance(error, CommandError);
  assert.is((error as CommandError).stderr, 'manifest unknown');
});

test('failure-only nodes are skipped when nothing failed, and do not block their dependents', async () => {
  const h = harness(hosts);
  const graph = graphOf(
    [
      node('boot'),
      node('notify', { scope: 'local', when: 'failure', dependsOn: ['boot'] }),
      node('report', { scope: 'local', dependsOn: ['notify'] }),
    ],
    hosts,
  );

  const result = await run(graph, h);

  assert.is(result.exitCode, 0);
  assert.is(statusOf(result.outcomes, 'notify'), 'skipped: runs only after a failure');
  assert.is(statusOf(result.outcomes, 'report'), 'success');
});

test('a failure-only node waits for the whole run before deciding', async () => {
  const h = harness([host('h1')]);
  h.transports.respond('echo slow', { code: 2 }, { delayMs: 10 });
  const graph = graphOf(
    [
      node('start', { scope: 'local', anchor: true, run: undefined }),
      node('notify', { scope: 'local', when: 'failure', dependsOn: ['start'] }),
      node('slow', { dependsOn: ['start'] }),
    ],
    [host('h1')],
  );

  const result = await run(graph, h);

  assert.is(statusOf(result.outcomes, 'slow@h1'), 'failed');
  assert.is(statusOf(result.outcomes, 'notify'), 'success');
});

test('taskFailed and failed hooks see the error; afterTask sees every ran task', async () => {
  const h = failingHarness();
  const seen: string[] = [];
  h.hooks.taskFailed.tapPromise('t', async (n, error, env) => void seen.push(`taskFailed ${n.id}@${env.host?.name}: ${error.name}`));
  h.hooks.failed.tapPromise('t', async (error) => void seen.push(`failed: ${error.message}`));

  await run(deployGraph(), h);

  assert.equal(seen, ['taskFailed pull@h1: CommandError', 'failed: 1 task(s) failed: pull@h1']);
});

test('an unexpected error inside a plugin is wrapped with the plugin name', async () => {
  const h = harness([host('h1')]);
  const graph = graphOf(
    [
      node('boot', {
        plugin: 'app',
        run: async () => {
          throw new TypeError('cannot read properties of undefined');
        },
      }),
    ],
    [host('h1')],
  );

  const result = await run(graph, h);

  const report = formatFailureReport(result);
  assert.match(report, 'unexpected TypeError in plugin app (node boot): cannot read properties of undefined');
  assert.match(report, /TypeError: cannot read properties of undefined\n\s+at /);
});

test('the failure report lists every failed host with command and stderr, and the skipped count', async () => {
  const h = harness(hosts);
  h.transports.respond((host, cmd) => host !== 'h2' && cmd === 'echo pull', (host) => ({ code: 1, stderr: `no space left on ${host}\n` }));
  h.transports.respond('echo pull', {}, { delayMs: 10 });
  const result = await run(deployGraph(), h);

  const report = formatFailureReport(result);

  assert.is(
    report,
    [
      'Failed: 2 tasks failed on h1, h3; 4 dependent tasks not run.',
      '  h1 · pull: exit code 1: no space left on h1',
      '  h3 · pull: exit code 1: no space left on h3',
      '',
      '✖ pull · h1',
      '  $ echo pull',
      '  exit code 1',
      '  stderr:',
      '    no space left on h1',
      '',
      '✖ pull · h3',
      '  $ echo pull',
      '  exit code 1',
      '  stderr:',
      '    no space left on h3',
    ].join('\n'),
  );
  assert.not.match(report, /\bat /, 'no stack trace for command failures');
});

test('dependents of a failure never start while an unrelated branch still runs', async () => {
  const h = harness([host('h1'), host('h2')]);
  h.transports.respond((host, cmd) => host === 'h1' && cmd === 'echo pull', { code: 1 });
  h.transports.respond('echo pull', {}, { delayMs: 10 });
  const graph = graphOf([node('pull'), node('boot', { dependsOn: ['pull'] })], [host('h1'), host('h2')]);

  await run(graph, h);

  assert.not.ok(timeline(h.reporter).some((e) => e.startsWith('task:start boot')));
});

test.run();
