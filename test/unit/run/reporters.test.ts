import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../../core/errors.js';
import { jsonReporter } from '../../../core/run/json-reporter.js';
import { lineReporter } from '../../../core/run/line-reporter.js';
import { listrReporter, previewLine } from '../../../core/run/listr-reporter.js';
import { reporterKind, type RunEvent, type TaskRef } from '../../../core/run/reporter.js';
import type { TaskOutcome } from '../../../core/run/results.js';
import type { RunResult } from '../../../core/run/run-result.js';
import { graphOf, harness, host, node, run } from './helpers.js';

const h1 = host('h1');
const pull: TaskRef = { key: 'pull@h1', nodeId: 'pull', title: 'pull', host: 'h1' };
const build: TaskRef = { key: 'build', nodeId: 'build', title: 'build' };
const failure = new CommandError('h1', 'docker pull app:1', 1, 'manifest unknown');

function outcome(ref: TaskRef, fields: Partial<TaskOutcome>): TaskOutcome {
  return { key: ref.key, nodeId: ref.nodeId, title: ref.title, host: ref.host ? host(ref.host) : undefined, status: 'success', durationMs: 410, ...fields };
}

const result: RunResult = {
  ok: false,
  exitCode: 1,
  interrupted: false,
  outcomes: [outcome(pull, { status: 'failed', error: failure }), outcome(build, { status: 'skipped', reason: 'not run: pull@h1 failed' })],
  failures: [outcome(pull, { status: 'failed', error: failure })],
  commands: [],
};

const events: RunEvent[] = [
  { type: 'run:start', graph: 'deploy', tasks: [pull, build] },
  { type: 'task:start', task: pull },
  { type: 'task:command', task: pull, host: 'h1', command: 'docker pull app:1' },
  { type: 'task:output', task: pull, line: 'Pulling fs layer' },
  { type: 'task:fail', task: pull, outcome: outcome(pull, { status: 'failed', error: failure }) },
  { type: 'task:skip', task: build, outcome: outcome(build, { status: 'skipped', reason: 'not run: pull@h1 failed' }) },
  { type: 'log', message: 'lock released' },
  { type: 'run:end', graph: 'deploy', result },
];

function collector() {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

const noon = (): Date => new Date(2026, 0, 1, 12, 0, 1, 234);

test('line reporter: one timestamped line per event', async () => {
  const out = collector();
  const reporter = lineReporter({ out, clock: noon });
  for (const event of events) reporter.emit(event);
  await reporter.flush();

  assert.is(
    out.text(),
    [
      '12:00:01.234 ▶ deploy: 2 task(s)',
      '12:00:01.234 ▶ start pull · h1',
      '12:00:01.234   h1 $ docker pull app:1',
      '12:00:01.234     h1 │ Pulling fs layer',
      '12:00:01.234 ✖ pull · h1 0.41s',
      '12:00:01.234     h1: `docker pull app:1` exited with 1',
      '12:00:01.234     manifest unknown',
      '12:00:01.234 ↷ skipped build (not run: pull@h1 failed)',
      '12:00:01.234 ℹ lock released',
      '12:00:01.234 ✖ deploy failed (1 task(s)) in 0.00s',
      '',
    ].join('\n'),
  );
});

test('json reporter: one object per line with ts, event, key, node, host', async () => {
  const out = collector();
  const reporter = jsonReporter({ out, clock: noon });
  for (const event of events) reporter.emit(event);

  const lines = out.text().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.is(lines.length, events.length);
  assert.equal(lines[0], { ts: noon().toISOString(), event: 'run:start', graph: 'deploy', tasks: 2 });
  assert.equal(lines[2], { ts: noon().toISOString(), event: 'task:command', key: 'pull@h1', node: 'pull', host: 'h1', command: 'docker pull app:1' });
  assert.equal(lines[4], {
    ts: noon().toISOString(),
    event: 'task:fail',
    key: 'pull@h1',
    node: 'pull',
    host: 'h1',
    status: 'failed',
    durationMs: 410,
    error: { name: 'CommandError', message: failure.message, host: 'h1', command: 'docker pull app:1', code: 1, stderr: 'manifest unknown' },
  });
  assert.equal(lines[5], { ts: noon().toISOString(), event: 'task:skip', key: 'build', node: 'build', status: 'skipped', durationMs: 410, reason: 'not run: pull@h1 failed' });
  assert.equal(lines[7], { ts: noon().toISOString(), event: 'run:end', graph: 'deploy', ok: false, exitCode: 1, interrupted: false, failed: ['pull@h1'], skipped: 1 });
});

test('line reporter through a real run', async () => {
  const out = collector();
  const h = harness([h1], { reporter: lineReporter({ out }) });
  await run(graphOf([node('pull')], [h1]), h);

  const lines = out.text().split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d\.\d{3} /, ''));
  assert.equal(lines.slice(0, 3), ['▶ test: 1 task(s)', '▶ start pull · h1', '  h1 $ echo pull']);
  assert.match(lines[3], /^✔ pull · h1 \d+\.\d\ds$/);
});

/** listr2's test renderer writes one JSON object per task state change. */
interface ListrLine {
  event: string;
  data: unknown;
  task?: { title?: string };
}

function listrStates(text: string, title: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ListrLine)
    .filter((l) => l.event === 'STATE' && l.task?.title?.startsWith(title))
    .map((l) => l.data);
}

test('listr reporter: a failing task still yields our failure; queued tasks show as waiting', async () => {
  const out = collector();
  const reporter = listrReporter({ renderer: 'test', out: out as unknown as NodeJS.WriteStream });
  const hosts = [h1, host('h2')];
  const h = harness(hosts, { reporter, maxParallel: 1 });
  h.transports.respond((target, cmd) => target === 'h1' && cmd === 'echo boot', { code: 1, stderr: 'port in use' });
  h.transports.respond('echo pull', {}, { delayMs: 2 });
  const graph = graphOf([node('pull'), node('boot', { dependsOn: ['pull'] })], hosts);

  const result = await run(graph, h);

  assert.is(result.ok, false);
  assert.is(result.exitCode, 1);
  assert.equal(result.failures.map((f) => f.key), ['boot@h1']);
  const text = out.text();
  // pull@h1 got the slot before listr ran its body, so it never looked queued.
  assert.equal(listrStates(text, 'pull · h1'), ['STARTED', 'COMPLETED']);
  // The others waited for the only slot: back to WAITING until the scheduler started them.
  assert.equal(listrStates(text, 'pull · h2'), ['STARTED', 'WAITING', 'STARTED', 'COMPLETED']);
  assert.equal(listrStates(text, 'boot · h1'), ['STARTED', 'WAITING', 'STARTED', 'FAILED']);
  assert.equal(listrStates(text, 'boot · h2'), ['STARTED', 'WAITING', 'SKIPPED']);
  assert.match(text, 'not run: boot@h1 failed');
  assert.match(text, 'port in use');
});

test('reporter choice: json wins, a terminal gets listr, CI, --verbose and pipes get lines', () => {
  assert.is(reporterKind({ json: true, tty: true }), 'json');
  assert.is(reporterKind({ tty: true }), 'listr');
  assert.is(reporterKind({ tty: true, ci: true }), 'lines');
  assert.is(reporterKind({ tty: true, verbose: true }), 'lines');
  assert.is(reporterKind({ tty: false }), 'lines');
});

test('the live tree shows one line per task, cut to the terminal width', () => {
  assert.is(previewLine("$ sh -c 'end=1\nwhile :; do'", 80), "$ sh -c 'end=1");
  const long = `$ docker run ${'--env A=b '.repeat(30)}`;
  const shown = previewLine(long, 60);
  assert.is(shown.length, 52);
  assert.ok(shown.endsWith('…'));
  assert.is(previewLine('short', undefined), 'short');
});

test.run();
