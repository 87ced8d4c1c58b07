/** Checks a --trace file's events: one process track per host, and spans that nest on every lane. */
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../core/run/trace/recorder.js';

export function checkTrace(events: TraceEvent[], hosts: string[]): void {
  const processes = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => String(e.args?.name));
  assert.equal([...processes].sort(), [...new Set(processes)].sort(), 'one track per host');
  for (const host of hosts) assert.ok(processes.includes(host), `a track for ${host}`);
  const lanes = new Map<string, TraceEvent[]>();
  for (const e of events.filter((e) => e.ph === 'X')) lanes.set(`${e.pid}/${e.tid}`, [...(lanes.get(`${e.pid}/${e.tid}`) ?? []), e]);
  for (const [lane, spans] of lanes) {
    const open: TraceEvent[] = [];
    for (const span of [...spans].sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!)) {
      while (open.length && open.at(-1)!.ts! + open.at(-1)!.dur! <= span.ts!) open.pop();
      const parent = open.at(-1);
      assert.ok(!parent || span.ts! + span.dur! <= parent.ts! + parent.dur!, `span ${span.name} on lane ${lane} overlaps ${parent?.name} without nesting`);
      open.push(span);
    }
  }
  assert.ok(events.some((e) => e.cat === 'node') && events.some((e) => e.cat === 'command'), 'node and command spans');
}
