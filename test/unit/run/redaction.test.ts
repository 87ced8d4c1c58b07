import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../../core/errors.js';
import { formatFailureReport } from '../../../core/run/report.js';
import type { Command, ExecOptions, ExecResult, Transport, TransportFactory } from '../../../core/transport/types.js';
import { graphOf, harness, host, node, run } from './helpers.js';

const h1 = host('h1');
const redact = (text: string): string => text.replaceAll('hunter2', '[REDACTED]');

/** Streams its stdout in two chunks that split the secret. */
class SplittingTransport implements Transport {
  readonly host = 'h1';
  async exec(_cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    opts.onData?.('password is hun', 'stdout');
    opts.onData?.('ter2\nbye', 'stdout');
    return { code: 1, stdout: 'password is hunter2\nbye', stderr: 'login failed for hunter2' };
  }
  async interactive(): Promise<{ code: number }> {
    return { code: 0 };
  }
  async upload(): Promise<void> {}
  async close(): Promise<void> {}
}

const splitting: TransportFactory = {
  forHost: () => new SplittingTransport(),
  local: () => new SplittingTransport(),
  closeAll: async () => {},
};

test('commands, streamed output and errors are redacted before anyone sees them', async () => {
  const h = harness([h1], { redact, transports: splitting });
  const graph = graphOf(
    [node('login', { run: async (env) => void (await env.run(['docker', 'login', '-p', 'hunter2', 'registry'])) })],
    [h1],
  );

  const result = await run(graph, h);

  assert.equal(result.commands, [{ key: 'login@h1', host: 'h1', command: 'docker login -p [REDACTED] registry' }]);
  const everything = JSON.stringify(h.reporter.events, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
  assert.not.ok(everything.includes('hunter2'), everything);
  const lines = h.reporter.events.flatMap((e) => (e.type === 'task:output' ? [e.line] : []));
  assert.equal(lines, ['password is [REDACTED]', 'bye']);
  const error = result.failures[0].error as CommandError;
  assert.is(error.command, 'docker login -p [REDACTED] registry');
  assert.is(error.stderr, 'login failed for [REDACTED]');
  assert.not.ok(formatFailureReport(result).includes('hunter2'));
});

test('plugin error messages and output() lines are redacted', async () => {
  const h = harness([h1], { redact });
  const graph = graphOf(
    [
      node('secretive', {
        run: async (env) => {
          env.output('token hunter2 in use');
          throw new Error('bad token hunter2');
        },
      }),
    ],
    [h1],
  );

  const result = await run(graph, h);

  const report = formatFailureReport(result);
  assert.match(report, 'bad token [REDACTED]');
  assert.not.ok(report.includes('hunter2'));
  const lines = h.reporter.events.flatMap((e) => (e.type === 'task:output' ? [e.line] : []));
  assert.equal(lines, ['token [REDACTED] in use']);
});

test.run();
