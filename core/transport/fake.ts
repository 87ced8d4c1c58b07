/**
 * An in-memory TransportFactory for engine tests: every exec and upload on every host lands in one
 * ordered log, and commands answer from scripted rules.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError } from '../errors.js';
import { toShell } from './quote.js';
import type { Command, ExecOptions, ExecResult, ExitStatus, InteractiveOptions, PtyOptions, Transport, TransportFactory } from './types.js';

export interface RecordedCall {
  host: string;
  /** The command as a shell would receive it (toShell). */
  command: string;
  argv: Command;
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Set for interactive commands: the pseudo-terminal they asked for. */
  pty?: PtyOptions;
}

export interface RecordedUpload {
  host: string;
  path: string;
  mode: number;
  content: string;
}

/** A substring of the command, a pattern tested against it, or a predicate. */
export type CommandMatcher = string | RegExp | ((host: string, command: string) => boolean);
export type ScriptedResult = Partial<ExecResult> | ((host: string, command: string) => Partial<ExecResult>);

export interface RuleOptions {
  /** Answer only after this long, to let concurrency show in tests. */
  delayMs?: number;
}

interface Rule {
  matches(host: string, command: string): boolean;
  result: ScriptedResult;
  delayMs: number;
}

export class FakeTransportFactory implements TransportFactory {
  readonly calls: RecordedCall[] = [];
  readonly uploads: RecordedUpload[] = [];
  /** Calls and uploads together, in the order they happened. */
  readonly log: Array<RecordedCall | RecordedUpload> = [];
  private readonly rules: Rule[] = [];
  private readonly transports = new Map<string, FakeTransport>();

  /** Scripts the answer to matching commands; the first matching rule wins. */
  respond(matcher: CommandMatcher, result: ScriptedResult, options: RuleOptions = {}): this {
    this.rules.push({ matches: toPredicate(matcher), result, delayMs: options.delayMs ?? 0 });
    return this;
  }

  forHost(host: string): FakeTransport {
    let transport = this.transports.get(host);
    if (!transport) {
      transport = new FakeTransport(host, {
        answer: (call, opts) => this.answer(call, opts),
        recordUpload: (upload) => {
          this.uploads.push(upload);
          this.log.push(upload);
        },
      });
      this.transports.set(host, transport);
    }
    return transport;
  }

  local(): FakeTransport {
    return this.forHost('localhost');
  }

  async closeAll(): Promise<void> {
    this.transports.clear();
  }

  /** The commands run on one host, in order. */
  commandsFor(host: string): string[] {
    return this.calls.filter((call) => call.host === host).map((call) => call.command);
  }

  private async answer(call: RecordedCall, opts: ExecOptions): Promise<ExecResult> {
    if (opts.signal?.aborted) throw new AbortedError();
    this.calls.push(call);
    this.log.push(call);
    const rule = this.rules.find((r) => r.matches(call.host, call.command));
    if (rule && rule.delayMs > 0) {
      try {
        await sleep(rule.delayMs, undefined, { signal: opts.signal });
      } catch {
        throw new AbortedError();
      }
    }
    const scripted = typeof rule?.result === 'function' ? rule.result(call.host, call.command) : rule?.result;
    const result: ExecResult = { code: 0, stdout: '', stderr: '', ...scripted };
    for (const stream of ['stdout', 'stderr'] as const) {
      if (!result[stream]) continue;
      opts.onData?.(result[stream], stream);
      for (const line of result[stream].replace(/\n$/, '').split('\n')) opts.onLine?.(line, stream);
    }
    return result;
  }
}

interface FakeBackend {
  answer(call: RecordedCall, opts: ExecOptions): Promise<ExecResult>;
  recordUpload(upload: RecordedUpload): void;
}

export class FakeTransport implements Transport {
  constructor(
    readonly host: string,
    private readonly backend: FakeBackend,
  ) {}

  exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    const call: RecordedCall = { host: this.host, command: toShell(cmd), argv: cmd };
    if (opts.cwd !== undefined) call.cwd = opts.cwd;
    if (opts.env !== undefined) call.env = opts.env;
    if (opts.stdin !== undefined) call.stdin = opts.stdin.toString();
    return this.backend.answer(call, opts);
  }

  /** Answers from the same rules as exec; the scripted stdout and stderr go to the terminal. */
  async interactive(cmd: Command, opts: InteractiveOptions): Promise<ExitStatus> {
    const call: RecordedCall = { host: this.host, command: toShell(cmd), argv: cmd, pty: opts.pty };
    const result = await this.backend.answer(call, { signal: opts.signal });
    opts.terminal.output.write(result.stdout + result.stderr);
    return { code: result.code, ...(result.signal ? { signal: result.signal } : {}) };
  }

  async upload(content: string | Buffer, path: string, mode = 0o644): Promise<void> {
    this.backend.recordUpload({ host: this.host, path, mode, content: content.toString() });
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

function toPredicate(matcher: CommandMatcher): (host: string, command: string) => boolean {
  if (typeof matcher === 'string') return (_host, command) => command.includes(matcher);
  // search() ignores lastIndex, so a /g pattern matches the same way every time.
  if (matcher instanceof RegExp) return (_host, command) => command.search(matcher) !== -1;
  return matcher;
}
