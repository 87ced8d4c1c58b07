/** The load helper's own rules: the summary, the address allow-list and the limits. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTarget, runLoad, summarise, type Sample } from '../load.js';

const ok = (startedMs: number, body: string, finishedMs = startedMs + 0.5): Sample => ({ startedMs, finishedMs, ok: true, body });

test('summarise orders by send time and flags a version that comes back', () => {
  const r = summarise([ok(3, 'v2'), ok(1, 'v1'), { startedMs: 2, finishedMs: 2.5, ok: false, error: 'HTTP 502: bad' }, ok(4, 'v1')], 10);
  assert.equal(r.versions, ['v1', 'v2']);
  assert.equal(r.sequence, [{ body: 'v1', count: 1 }, { body: 'v2', count: 1 }, { body: 'v1', count: 1 }]);
  assert.is(r.switchedBack, true);
  assert.is(r.requests, 4);
  assert.is(r.failures, 1);
  assert.equal(r.failureSamples, [{ atMs: 2, error: 'HTTP 502: bad' }]);
});

test('summarise: a clean switch is not a switch back', () => {
  const r = summarise([ok(1, 'v1'), ok(2, 'v1'), ok(3, 'v2'), ok(4, 'v3')], 5);
  assert.is(r.switchedBack, false);
  assert.equal(r.versions, ['v1', 'v2', 'v3']);
});

test('summarise: requests in flight together are not ordered; one sent after a newer answer is', () => {
  // v2 was sent first but answered after v1 had been sent: concurrent, no switch back.
  assert.is(summarise([ok(1, 'v1'), ok(3, 'v2', 5), ok(4, 'v1', 4.5), ok(6, 'v2')], 7).switchedBack, false);
  // v1 sent once the v2 answer had ended: a switch back.
  assert.is(summarise([ok(1, 'v1'), ok(3, 'v2', 5), ok(5.5, 'v1'), ok(6, 'v2')], 7).switchedBack, true);
});

test('only loopback and testbed addresses are accepted', () => {
  for (const url of ['http://127.0.0.1:8080/', 'http://localhost/', 'http://[::1]/', 'http://10.79.0.11/up']) {
    checkTarget(url, '10.79.0');
  }
  for (const url of ['http://10.79.1.11/', 'http://example.com/', 'https://127.0.0.1/', 'http://192.168.0.1/']) {
    assert.throws(() => checkTarget(url, '10.79.0'), /refusing|only http/, url);
  }
});

test('runLoad stops at maxRequests, with and without keep-alive, and refuses unbounded runs', async () => {
  const server = http.createServer((_req, res) => res.end('v1\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    for (const keepAlive of [false, true]) {
      const r = await runLoad({ url, maxRequests: 50, maxSeconds: 10, concurrency: 3, keepAlive });
      assert.is(r.requests, 50);
      assert.is(r.failures, 0);
      assert.equal(r.versions, ['v1']);
    }
    for (const limits of [{ maxRequests: 0, maxSeconds: 1 }, { maxRequests: 10, maxSeconds: 0 }]) {
      const refused = await runLoad({ url, ...limits }).then(() => false, () => true);
      assert.ok(refused, `limits ${JSON.stringify(limits)} must be refused`);
    }
  } finally {
    server.close();
  }
});

test('runLoad stops at maxSeconds and when aborted', async () => {
  const server = http.createServer((_req, res) => setTimeout(() => res.end('slow'), 20));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const timed = await runLoad({ url, maxRequests: 100_000, maxSeconds: 0.3 });
    assert.ok(timed.durationMs < 1000 && timed.requests < 100, JSON.stringify(timed));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const aborted = await runLoad({ url, maxRequests: 100_000, maxSeconds: 30 }, stop.signal);
    assert.ok(aborted.durationMs < 1000, JSON.stringify(aborted));
  } finally {
    server.close();
  }
});

test.run();
