import type { Readable } from 'node:stream';
import { AbortedError, GantryError } from '../errors.js';
import { LineSplitter } from '../run/line-splitter.js';
import type { ExecOptions, ExecResult } from './types.js';

/** With onLine, the result keeps this many last lines per stream, for error messages. */
const KEPT_LINES = 20;

/**
 * The bookkeeping of one running command, shared by the local and SSH transports: collects output,
 * enforces timeoutMs and the AbortSignal (calling `stop` to end the process or channel), and
 * settles exactly once.
 */
export class CommandRun {
  readonly result: Promise<ExecResult>;
  private stdout = '';
  private stderr = '';
  private settled = false;
  private resolveResult!: (result: ExecResult) => void;
  private rejectResult!: (error: Error) => void;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => this.interrupt(new AbortedError());

  constructor(
    private readonly host: string,
    private readonly command: string,
    private readonly opts: ExecOptions,
    private readonly stop: () => void,
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    if (opts.timeoutMs !== undefined) {
      const ms = opts.timeoutMs;
      this.timer = setTimeout(() => this.interrupt(new GantryError(`${this.describe()} timed out after ${ms} ms`)), ms);
    }
    if (opts.signal?.aborted) this.onAbort();
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  collect(stream: Readable, name: 'stdout' | 'stderr'): void {
    stream.setEncoding('utf8');
    const { onLine } = this.opts;
    const lines = onLine ? this.lineCollector(name, onLine) : undefined;
    stream.on('data', (chunk: string) => {
      if (lines) lines.push(chunk);
      else if (name === 'stdout') this.stdout += chunk;
      else this.stderr += chunk;
      this.opts.onData?.(chunk, name);
    });
    if (lines) stream.on('end', () => lines.end());
  }

  /** Delivers whole lines and keeps only the last few, so a long follow does not grow memory. */
  private lineCollector(name: 'stdout' | 'stderr', onLine: (line: string, stream: 'stdout' | 'stderr') => void): LineSplitter {
    const kept: string[] = [];
    return new LineSplitter((line) => {
      kept.push(line);
      if (kept.length > KEPT_LINES) kept.shift();
      const text = kept.map((l) => `${l}\n`).join('');
      if (name === 'stdout') this.stdout = text;
      else this.stderr = text;
      onLine(line, name);
    });
  }

  exited(code: number | null, signal?: string): void {
    if (!this.settle()) return;
    this.resolveResult({ code, ...(signal ? { signal } : {}), stdout: this.stdout, stderr: this.stderr });
  }

  failed(error: Error): void {
    if (this.settle()) this.rejectResult(error);
  }

  private interrupt(error: Error): void {
    if (this.settled) return;
    this.stop();
    this.failed(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    return true;
  }

  /** For messages: the command as it ran. */
  describe(): string {
    return `${this.host}: \`${this.command}\``;
  }

  /** For one-line messages: the command's first line, cut at 80 characters. */
  brief(): string {
    const firstLine = this.command.split('\n')[0]!;
    return firstLine.length > 80 || firstLine !== this.command ? `${firstLine.slice(0, 80)}…` : firstLine;
  }
}
