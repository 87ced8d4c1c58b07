import { EventEmitter } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../../core/errors.js';
import { formatFailureReport } from '../../../core/run/report.js';
import { INTERRUPT_NOTICE, withInterruptHandling, type SignalSource } from '../../../core/run/signals.js';
import { graphOf, harness, host, node, run, statusOf } from './helpers.js';

const h1 = host('h1');

function graphWithCleanup(seenSignals: boolean[]) {
  return graphOf(
    [
      node('pull'),
      node('boot', { dependsOn: ['pull'] }),
      node('unlock', {
        scope: 'local',
        when: 'always',
        dependsOn: ['boot'],
        run: async (env) => {
          seenSignals.push(env.signal.aborted);
          await env.run(['unlock']);
        },
      }),
      node('notify', { scope: 'local', when: 'failure', dependsOn: ['boot'] }),
    ],
    [h1],
  );
}

test('abort: the running command is cancelled, dependents not run, cleanup runs with a live signal, exit 130', async () => {
  const controller = new AbortController();
  const h = harness([h1], { ctx: { signal: controller.signal } });
  h.transports.respond('echo pull', {}, { delayMs: 1000 });
  const seenSignals: boolean[] = [];
  setTimeout(() => controller.abort(new AbortedError()), 5);

  const started = Date.now();
  const result = await run(graphWithCleanup(seenSignals), h);

  assert.ok(Date.now() - started < 500, 'the slow command was not aborted');
  assert.is(result.interrupted, true);
  assert.is(result.exitCode, 130);
  assert.is(result.ok, false);
  assert.is(statusOf(result.outcomes, 'pull@h1'), 'cancelled: interrupted');
  assert.is(statusOf(result.outcomes, 'boot@h1'), 'skipped: not run: interrupted');
  assert.is(statusOf(result.outcomes, 'unlock'), 'success');
  assert.is(statusOf(result.outcomes, 'notify'), 'success');
  assert.equal(seenSignals, [false]);
  assert.equal(h.transports.commandsFor('localhost'), ['unlock', 'echo notify']);
  assert.equal(result.failures, []);
  assert.is(formatFailureReport(result), 'Interrupted: 1 dependent task not run.\n\nCancelled by the interrupt: pull · h1');
});

test('a run whose signal is already aborted starts no success node', async () => {
  const controller = new AbortController();
  controller.abort();
  const h = harness([h1], { ctx: { signal: controller.signal } });
  const seenSignals: boolean[] = [];

  const result = await run(graphWithCleanup(seenSignals), h);

  assert.is(statusOf(result.outcomes, 'pull@h1'), 'skipped: not run: interrupted');
  assert.is(statusOf(result.outcomes, 'unlock'), 'success');
  assert.is(result.exitCode, 130);
});

test('first SIGINT aborts with a notice, second exits 130, handlers removed afterwards', async () => {
  const source = new EventEmitter();
  const controller = new AbortController();
  const notices: string[] = [];
  const exits: number[] = [];

  await withInterruptHandling(
    controller,
    async () => {
      source.emit('SIGINT');
      assert.ok(controller.signal.aborted);
      assert.instance(controller.signal.reason, AbortedError);
      assert.equal(exits, []);
      source.emit('SIGTERM');
    },
    { source: source as SignalSource, notify: (m) => notices.push(m), exit: (code) => void exits.push(code) },
  );

  assert.equal(notices, [INTERRUPT_NOTICE]);
  assert.equal(exits, [130]);
  assert.is(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM'), 0);
});

test('handlers are removed when the run throws', async () => {
  const source = new EventEmitter();
  const failing = withInterruptHandling(new AbortController(), async () => {
    throw new Error('boom');
  }, { source: source as SignalSource });
  await failing.then(
    () => assert.unreachable('should reject'),
    (error: Error) => assert.is(error.message, 'boom'),
  );
  assert.is(source.listenerCount('SIGINT'), 0);
});

test.run();
