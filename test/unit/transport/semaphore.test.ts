import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../../core/errors.js';
import { Semaphore } from '../../../core/transport/semaphore.js';
import { rejectionOf } from './rejection.js';

test('never more than `permits` holders at once, granted in arrival order', async () => {
  const semaphore = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(
    [0, 1, 2, 3, 4, 5].map((i) =>
      semaphore.use(async () => {
        order.push(i);
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      }),
    ),
  );
  assert.is(peak, 2);
  assert.equal(order, [0, 1, 2, 3, 4, 5]);
});

test('a permit is released when the work throws, and releasing twice gives back one permit', async () => {
  const semaphore = new Semaphore(1);
  await rejectionOf(semaphore.use(async () => Promise.reject(new Error('boom'))));
  const release = await semaphore.acquire();
  release();
  release();
  const first = await semaphore.acquire();
  let secondGranted = false;
  const second = semaphore.acquire().then((r) => {
    secondGranted = true;
    return r;
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.not.ok(secondGranted, 'a double release must not create a second permit');
  first();
  (await second)();
});

test('a waiter that is aborted leaves the queue; later waiters still get permits', async () => {
  const semaphore = new Semaphore(1);
  const holder = await semaphore.acquire();
  const controller = new AbortController();
  const aborted = semaphore.acquire(controller.signal);
  const next = semaphore.acquire();
  controller.abort();
  assert.instance(await rejectionOf(aborted), AbortedError);
  holder();
  (await next)();
  assert.instance(await rejectionOf(semaphore.acquire(AbortSignal.abort())), AbortedError);
});

test('fewer than one permit is a programming error', () => {
  assert.throws(() => new Semaphore(0), /at least 1 permit/);
});

test.run();
