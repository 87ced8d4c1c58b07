import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TraceRecorder } from '../../core/run/trace/recorder.js';
import { criticalPath, formatCriticalPath } from '../../core/run/trace/summary.js';
import { presetFor } from '../../presets/index.js';
import { runEngine } from '../support/engine.js';
import { checkTrace } from '../support/trace-check.js';

test('a traced deploy: one track per host, nested spans, a critical path ending at the last node', async () => {
  const trace = new TraceRecorder();
  const { result } = await runEngine({
    plugins: [presetFor(undefined)],
    config: { servers: { web: ['h1', 'h2'], jobs: ['h3'] }, registry: { server: 'ghcr.io', username: 'bot', password: 'pw' } },
    graph: 'deploy',
    trace,
  });
  const { traceEvents } = JSON.parse(JSON.stringify(trace.toJSON())) as ReturnType<TraceRecorder['toJSON']>;
  checkTrace(traceEvents, ['h1', 'h2', 'h3']);
  const commands = traceEvents.filter((e) => e.cat === 'command');
  // (Uploads are recorded commands, not command spans.)
  assert.is(commands.length, result.commands.filter((c) => !c.command.startsWith('upload ')).length, 'a span per remote command');
  const path = criticalPath(traceEvents);
  const nodes = traceEvents.filter((e) => e.cat === 'node');
  const lastEnd = Math.max(...nodes.map((e) => e.ts! + e.dur!));
  assert.is(Math.round(path.at(-1)!.endMs * 1000), lastEnd);
  assert.match(formatCriticalPath(path), /^critical path \(\d+ nodes/);
});

test.run();
