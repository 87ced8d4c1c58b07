/**
 * `gantry trace summary FILE`: the critical path of a traced run, walked back from the node that
 * ended last through the dependency each node waited for last.
 */
import type { TraceEvent } from './recorder.js';

interface NodeSpan {
  key: string;
  name: string;
  host: string;
  startMs: number;
  endMs: number;
  after: string | null;
  slotWaitMs: number;
}

export function criticalPath(events: readonly TraceEvent[]): NodeSpan[] {
  const hosts = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, String(e.args?.name)]));
  const nodes = new Map<string, NodeSpan>();
  for (const e of events) {
    if (e.ph !== 'X' || e.cat !== 'node' || !e.args) continue;
    const span: NodeSpan = {
      key: String(e.args.key),
      name: e.name,
      host: hosts.get(e.pid) ?? '?',
      startMs: (e.ts ?? 0) / 1000,
      endMs: ((e.ts ?? 0) + (e.dur ?? 0)) / 1000,
      after: (e.args.after as string | null) ?? null,
      slotWaitMs: Number(e.args.slotWaitMs ?? 0),
    };
    nodes.set(span.key, span);
  }
  let last: NodeSpan | undefined;
  for (const span of nodes.values()) if (!last || span.endMs > last.endMs) last = span;
  const path: NodeSpan[] = [];
  // `after` may name an anchor (no span): the path continues from the latest node ended before it started.
  for (let at = last; at && !path.includes(at); ) {
    path.unshift(at);
    const start = at.startMs;
    at = (at.after && nodes.get(at.after)) || [...nodes.values()].filter((s) => s.endMs <= start + 0.001 && s !== at).sort((a, b) => b.endMs - a.endMs)[0];
  }
  return path;
}

export function formatCriticalPath(path: readonly NodeSpan[]): string {
  if (!path.length) return 'no node spans in the trace';
  const total = path.at(-1)!.endMs;
  const lines = [`critical path (${path.length} nodes, run ends at ${total.toFixed(0)} ms):`];
  let previousEnd = 0;
  for (const span of path) {
    const gap = span.startMs - previousEnd;
    const wait = gap > 1 ? `  (+${gap.toFixed(0)} ms before it${span.slotWaitMs > 1 ? `, ${span.slotWaitMs.toFixed(0)} ms waiting for a slot` : ''})` : '';
    lines.push(`  ${span.startMs.toFixed(0).padStart(6)} ms  ${(span.endMs - span.startMs).toFixed(0).padStart(5)} ms  ${span.key}${wait}`);
    previousEnd = span.endMs;
  }
  return lines.join('\n');
}
