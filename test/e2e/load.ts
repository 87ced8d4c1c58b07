/**
 * Bounded HTTP load for e2e cases: request loops against one URL that stop by themselves
 * after `maxRequests` requests or `maxSeconds`, whichever comes first (or when `signal`
 * aborts), and a report of what came back: failures, and the distinct response bodies in
 * the order requests were sent, which shows whether a deploy switched versions cleanly.
 *
 * Only loopback and testbed addresses are accepted, so a typo cannot load someone else's
 * server.
 *
 *   In a case:  const report = await runLoad({ url, maxRequests: 2000, maxSeconds: 30 }, signal);
 *   CLI:        npx tsx test/e2e/load.ts http://10.79.0.11/ --max-requests 500 --max-seconds 10 \
 *                 [--concurrency 4] [--keep-alive] [--timeout-ms 5000]
 *               prints the report as JSON; exits 1 if any request failed, 2 on bad arguments.
 */
import http from 'node:http';
import { isIPv4 } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface LoadOptions {
  /** http:// URL whose host is loopback or in the testbed's /24. */
  url: string;
  /** Total requests across all loops (at most 1,000,000). */
  maxRequests: number;
  /** Wall-clock limit; no request starts after it (at most 600). */
  maxSeconds: number;
  /** Parallel request loops; default 1. */
  concurrency?: number;
  /** Reuse connections; default false: a new TCP connection per request. */
  keepAlive?: boolean;
  /** Per-request timeout; default 5000. */
  timeoutMs?: number;
  /** First three octets of the testbed /24; default $GANTRY_TESTBED_NET or 10.79.0. */
  testbedNet?: string;
}

/** One finished request; `startedMs` is when it was sent, `finishedMs` when its answer ended, both relative to the start of the run. */
export type Sample = { startedMs: number; finishedMs: number } & ({ ok: true; body: string } | { ok: false; error: string });

export interface LoadReport {
  requests: number;
  failures: number;
  /** The first few failures, in the order they were sent. */
  failureSamples: { atMs: number; error: string }[];
  /** Distinct bodies (trimmed) of successful responses, in order of first appearance. */
  versions: string[];
  /** Successful bodies in send order, as runs: [{ body: 'v1', count: 120 }, { body: 'v2', count: 80 }]. */
  sequence: { body: string; count: number }[];
  /**
   * True if a request sent after a newer body had been received got an older one (v1, v2, v1).
   * Requests in flight at the same time have no order between them: concurrent ones may be
   * answered in either order without that counting.
   */
  switchedBack: boolean;
  /** Keep-alive requests resent once because the server had closed the idle connection. */
  retriedOnReusedSocket: number;
  durationMs: number;
}

const FAILURE_SAMPLES = 10;
const BODY_LIMIT = 64 * 1024;

/** Pure: turns samples (in any order) into a report. */
export function summarise(samples: Sample[], durationMs: number, retriedOnReusedSocket = 0): LoadReport {
  const ordered = [...samples].sort((a, b) => a.startedMs - b.startedMs);
  const sequence: LoadReport['sequence'] = [];
  const failureSamples: LoadReport['failureSamples'] = [];
  let failures = 0;
  for (const s of ordered) {
    if (!s.ok) {
      failures++;
      if (failureSamples.length < FAILURE_SAMPLES) failureSamples.push({ atMs: Math.round(s.startedMs), error: s.error });
      continue;
    }
    const last = sequence[sequence.length - 1];
    if (last && last.body === s.body) last.count++;
    else sequence.push({ body: s.body, count: 1 });
  }
  const versions = [...new Set(sequence.map((run) => run.body))];
  return {
    requests: samples.length,
    failures,
    failureSamples,
    versions,
    sequence,
    switchedBack: cameBack(ordered, versions),
    retriedOnReusedSocket,
    durationMs: Math.round(durationMs),
  };
}

/** Whether a request sent after an answer with a newer body (later in `versions`) got an older one. */
function cameBack(bySendTime: readonly Sample[], versions: readonly string[]): boolean {
  const rank = new Map(versions.map((body, i) => [body, i]));
  const answered = bySendTime.filter((s): s is Sample & { ok: true } => s.ok).sort((a, b) => a.finishedMs - b.finishedMs);
  let next = 0;
  let newestSeen = -1;
  for (const s of bySendTime) {
    if (!s.ok) continue;
    while (next < answered.length && answered[next]!.finishedMs <= s.startedMs) newestSeen = Math.max(newestSeen, rank.get(answered[next++]!.body)!);
    if (rank.get(s.body)! < newestSeen) return true;
  }
  return false;
}

/** Throws unless `url` is plain http to a loopback or testbed address. */
export function checkTarget(url: string, testbedNet = process.env.GANTRY_TESTBED_NET ?? '10.79.0'): URL {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`load: only http:// URLs, got ${url}`);
  const host = target.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  const testbed = isIPv4(host) && host.startsWith(`${testbedNet}.`);
  if (!loopback && !testbed) {
    throw new Error(`load: refusing ${host}: only loopback and testbed (${testbedNet}.0/24) addresses`);
  }
  return target;
}

function checkLimits(opts: LoadOptions): void {
  const bad = (what: string) => {
    throw new Error(`load: ${what}`);
  };
  if (!Number.isInteger(opts.maxRequests) || opts.maxRequests < 1 || opts.maxRequests > 1_000_000) {
    bad('maxRequests must be an integer in 1..1000000');
  }
  if (!(opts.maxSeconds > 0 && opts.maxSeconds <= 600)) bad('maxSeconds must be in (0, 600]');
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) bad('concurrency must be in 1..256');
}

type Outcome = { ok: true; body: string } | { ok: false; error: string; retryable: boolean };

function requestOnce(target: URL, agent: http.Agent | false, timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const req = http.get(target, { agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT).trim();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) done({ ok: true, body });
        else done({ ok: false, error: `HTTP ${status}: ${body.slice(0, 80)}`, retryable: false });
      });
      res.on('error', (err) => done({ ok: false, error: err.message, retryable: false }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A reused keep-alive socket the server closed meanwhile: retrying is what browsers
      // and curl do, and the request never reached the app.
      const retryable = req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      done({ ok: false, error: err.code ? `${err.code}: ${err.message}` : err.message, retryable });
    });
  });
}

/** Runs the bounded load; resolves when every loop has stopped. */
export async function runLoad(opts: LoadOptions, signal?: AbortSignal): Promise<LoadReport> {
  checkLimits(opts);
  const target = checkTarget(opts.url, opts.testbedNet);
  const concurrency = opts.concurrency ?? 1;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const agent = opts.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: concurrency }) : false;
  const start = performance.now();
  const deadline = start + opts.maxSeconds * 1000;
  const samples: Sample[] = [];
  let issued = 0;
  let retried = 0;

  const loop = async () => {
    while (issued < opts.maxRequests && performance.now() < deadline && !signal?.aborted) {
      issued++;
      const startedMs = performance.now() - start;
      let outcome = await requestOnce(target, agent, timeoutMs);
      if (!outcome.ok && outcome.retryable) {
        retried++;
        outcome = await requestOnce(target, agent, timeoutMs);
      }
      const finishedMs = performance.now() - start;
      samples.push(outcome.ok ? { startedMs, finishedMs, ok: true, body: outcome.body } : { startedMs, finishedMs, ok: false, error: outcome.error });
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    if (agent) agent.destroy();
  }
  return summarise(samples, performance.now() - start, retried);
}

async function main(argv: string[]): Promise<number> {
  let opts: LoadOptions;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'max-requests': { type: 'string' },
        'max-seconds': { type: 'string' },
        concurrency: { type: 'string' },
        'keep-alive': { type: 'boolean', default: false },
        'timeout-ms': { type: 'string' },
      },
    });
    if (positionals.length !== 1 || !values['max-requests'] || !values['max-seconds']) {
      throw new Error('usage: load.ts URL --max-requests N --max-seconds S [--concurrency C] [--keep-alive] [--timeout-ms MS]');
    }
    opts = {
      url: positionals[0]!,
      maxRequests: Number(values['max-requests']),
      maxSeconds: Number(values['max-seconds']),
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      keepAlive: values['keep-alive'],
      timeoutMs: values['timeout-ms'] ? Number(values['timeout-ms']) : undefined,
    };
    checkLimits(opts);
    checkTarget(opts.url);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const report = await runLoad(opts, stop.signal);
  console.log(JSON.stringify(report, null, 2));
  return report.failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
