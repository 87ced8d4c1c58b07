import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, GantryError } from '../../../core/errors.js';
import { Barrier } from '../../../plugins/app/barrier.js';

test('wait resolves once opened, also for late waiters', async () => {
  const barrier = new Barrier();
  const early = barrier.wait();
  assert.is(barrier.state, 'waiting');
  barrier.open();
  await early;
  await barrier.wait();
  assert.is(barrier.state, 'open');
});

test('close rejects waiters with a GantryError naming the reason', async () => {
  const barrier = new Barrier();
  const waiting = barrier.wait();
  barrier.close('web1 failed its health check');
  const error = await waiting.then(() => undefined, (e: unknown) => e);
  assert.instance(error, GantryError);
  assert.is((error as Error).message, 'halted at barrier: web1 failed its health check');
  assert.is(barrier.state, 'closed');
});

test('the first decision wins', async () => {
  const opened = new Barrier();
  opened.open();
  opened.close('too late');
  opened.open();
  assert.is(opened.state, 'open');
  await opened.wait();

  const closed = new Barrier();
  closed.close('first');
  closed.close('second');
  closed.open();
  assert.is(closed.state, 'closed');
  await closed.wait().then(
    () => assert.unreachable('opened after close'),
    (e: Error) => assert.is(e.message, 'halted at barrier: first'),
  );
});

test('closing with nobody waiting is not an unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  new Barrier().close('nobody listens');
  await new Promise((r) => setTimeout(r, 1));
  process.off('unhandledRejection', onUnhandled);
  assert.equal(unhandled, []);
});

test('a waiter leaves on abort', async () => {
  const barrier = new Barrier();
  const controller = new AbortController();
  const waiting = barrier.wait(controller.signal);
  controller.abort();
  const error = await waiting.then(() => undefined, (e: unknown) => e);
  assert.instance(error, AbortedError);
  assert.is(barrier.state, 'waiting');
});

test.run();
