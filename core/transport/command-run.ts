import type { Readable } from 'node:stream';
import { AbortedError, GantryError } from '../errors.js';
import type { ExecOptions, ExecResult } from './types.js';

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
    stream.on('data', (chunk: string) => {
      if (name === 'stdout') this.stdout += chunk;
      else this.stderr += chunk;
      this.opts.onData?.(chunk, name);
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
