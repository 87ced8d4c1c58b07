/**
 * `gantry deploy --dry-run | head`: once the reader closes the pipe, a write to stdout fails with
 * EPIPE, and an unhandled 'error' event would end the process with a stack trace. The rest of the
 * output is dropped instead, and the run goes on: a real deploy piped into `head` must still
 * finish (or fail cleanly) and release its lock, not die halfway through a switch.
 */
import type { EventEmitter } from 'node:events';

const CLOSED_READER = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function ignoreClosedReader(stream: EventEmitter): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED_READER.has(error.code ?? '')) throw error;
  });
}
