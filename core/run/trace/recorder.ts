/**
 * `--trace FILE`: spans of a run (nodes, remote commands, barrier waits) written as Chrome
 * trace-event JSON (Perfetto, chrome://tracing). One process track per host; spans on a host are
 * laid out on as many lanes (threads) as needed for every lane to nest properly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

export interface Span {
  /** Host name, or `local`. */
  track: string;
  cat: 'node' | 'command' | 'wait';
  name: string;
  startMs: number;
  endMs: number;
  args?: Record<string, unknown>;
}

export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export class TraceRecorder {
  readonly spans: Span[] = [];
  private readonly origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  add(span: Span): void {
    this.spans.push(span);
  }

  /** The trace file's content: `{ traceEvents: [...] }`. */
  toJSON(): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
    const events: TraceEvent[] = [];
    const tracks = [...new Set(this.spans.map((s) => s.track))];
    tracks.forEach((track, index) => {
      const pid = index + 1;
      events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: track } });
      const lanes = layOut(this.spans.filter((s) => s.track === track));
      lanes.forEach((lane, tid) => {
        events.push({ name: 'thread_name', ph: 'M', pid, tid: tid + 1, args: { name: `${track} #${tid + 1}` } });
        for (const s of lane) {
          const ts = Math.round(s.startMs * 1000);
          events.push({ name: s.name, cat: s.cat, ph: 'X', pid, tid: tid + 1, ts, dur: Math.max(0, Math.round(s.endMs * 1000) - ts), ...(s.args ? { args: s.args } : {}) });
        }
      });
    });
    return { traceEvents: events, displayTimeUnit: 'ms' };
  }
}

/** Greedy lanes: a span goes on the first lane where it starts after, or fits inside, what is open. */
function layOut(spans: Span[]): Span[][] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs);
  const lanes: { spans: Span[]; open: Span[] }[] = [];
  for (const span of sorted) {
    let lane = lanes.find((l) => {
      while (l.open.length && l.open.at(-1)!.endMs <= span.startMs) l.open.pop();
      return !l.open.length || l.open.at(-1)!.endMs >= span.endMs;
    });
    if (!lane) lanes.push((lane = { spans: [], open: [] }));
    lane.spans.push(span);
    lane.open.push(span);
  }
  return lanes.map((l) => l.spans);
}

const active = new AsyncLocalStorage<{ recorder: TraceRecorder; track: string }>();

/** Runs `fn` with spans inside it recorded on `track` (the scheduler, around a node's run). */
export function withTrack<T>(recorder: TraceRecorder | undefined, track: string, fn: () => Promise<T>): Promise<T> {
  return recorder ? active.run({ recorder, track }, fn) : fn();
}

/** Records `fn` as a span on the current node's track, when a trace is being written. */
export async function traceSpan<T>(cat: Span['cat'], name: string, fn: () => Promise<T>, args?: Record<string, unknown>): Promise<T> {
  const store = active.getStore();
  if (!store) return fn();
  const startMs = store.recorder.now();
  try {
    return await fn();
  } finally {
    store.recorder.add({ track: store.track, cat, name, startMs, endMs: store.recorder.now(), ...(args ? { args } : {}) });
  }
}
