/**
 * Builds the TaskEnv a node's run() gets: commands go through the `command` hook, are recorded
 * (quoted once, redacted), reported, and executed unless this is a dry run.
 */
import { AbortedError, CommandError, GantryError } from '../errors.js';
import type { RunContext, TaskEnv, TaskInstance, TaskNode } from '../graph/model.js';
import type { Host } from '../hosts.js';
import { hasTaps } from '../plugin-hooks.js';
import type { EngineHooks } from '../hooks.js';
import { toShell } from '../transport/quote.js';
import type { Command, ExecOptions, ExecResult, ExitStatus, PortForward, RemoteForwardSpec, TerminalIo, Transport, TransportFactory } from '../transport/types.js';
import { LineSplitter } from './line-splitter.js';
import { traceSpan } from './trace/recorder.js';

/** Where the env reports what it does; every string passed here is already redacted. */
export interface TaskChannel {
  command(host: string, command: string): void;
  output(line: string): void;
}

/** What every env of a run shares: made once per run, not once per task. */
export interface TaskEnvRun {
  ctx: RunContext;
  transports: TransportFactory;
  hooks: EngineHooks;
  redact(text: string): string;
  /** The user's terminal, for interactive commands. */
  terminal?: TerminalIo;
}

const DRY_RUN_RESULT: ExecResult = { code: 0, stdout: '', stderr: '' };
/** The local transport's host name (see Transport.host). */
const LOCAL_HOST = 'localhost';
const NO_LINE = (): void => {};
// A dry run answers every command at once, with these shared settled promises.
const DRY_RUN_DONE: Promise<ExecResult> = Promise.resolve(DRY_RUN_RESULT);
const DRY_RUN_NO_OUTPUT: Promise<string> = Promise.resolve('');

/** `signal`: the run's signal, or a live one for cleanup (always/failure) nodes. */
export function createTaskEnv(run: TaskEnvRun, instance: TaskInstance, signal: AbortSignal, channel: TaskChannel): TaskEnv {
  return new RunTaskEnv(run, instance, signal, channel);
}

/**
 * One env per task instance, and a large run makes tens of thousands: the behaviour lives on the
 * prototype, and an env holds only its fields. Its methods still work unbound (a plugin may pass
 * `env.run` around): reading one binds it once, on first use, so an env pays only for the
 * methods its node uses. Every field is set in the constructor, so all envs keep one shape.
 */
class RunTaskEnv implements TaskEnv {
  readonly ctx: RunContext;
  readonly node: TaskNode;
  readonly host: Host | undefined;
  readonly signal: AbortSignal;
  private readonly deps: TaskEnvRun;
  private readonly channel: TaskChannel;
  private readonly hostName: string;
  /** Opened on first use: a dry run or a node that only uploads never opens a connection. */
  private connection: Transport | undefined = undefined;
  private boundRun: TaskEnv['run'] | undefined = undefined;
  private boundCapture: TaskEnv['capture'] | undefined = undefined;
  private boundProbe: TaskEnv['probe'] | undefined = undefined;
  private boundInteractive: TaskEnv['interactive'] | undefined = undefined;
  private boundForwardRemote: TaskEnv['forwardRemote'] | undefined = undefined;
  private boundUpload: TaskEnv['upload'] | undefined = undefined;
  private boundWarm: TaskEnv['warm'] | undefined = undefined;
  private boundOutput: TaskEnv['output'] | undefined = undefined;

  constructor(deps: TaskEnvRun, instance: TaskInstance, signal: AbortSignal, channel: TaskChannel) {
    const { node, host } = instance;
    this.ctx = deps.ctx;
    this.node = node;
    this.host = host;
    this.signal = signal;
    this.deps = deps;
    this.channel = channel;
    this.hostName = node.scope === 'local' || !host ? LOCAL_HOST : host.name;
  }

  get transport(): Transport {
    return (this.connection ??= this.hostName === LOCAL_HOST ? this.deps.transports.local() : this.deps.transports.forHost(this.hostName));
  }

  get run(): TaskEnv['run'] {
    return (this.boundRun ??= (cmd, opts) => this.dryRun(cmd, DRY_RUN_DONE) ?? this.runCommand(cmd, opts, true));
  }

  get capture(): TaskEnv['capture'] {
    return (this.boundCapture ??= (cmd, opts) => this.dryRun(cmd, DRY_RUN_NO_OUTPUT) ?? this.captureOutput(cmd, opts));
  }

  get probe(): TaskEnv['probe'] {
    return (this.boundProbe ??= (cmd, opts) => this.dryRun(cmd, DRY_RUN_DONE) ?? this.probeCommand(cmd, opts));
  }

  get interactive(): TaskEnv['interactive'] {
    return (this.boundInteractive ??= (cmd) => this.attach(cmd));
  }

  get forwardRemote(): TaskEnv['forwardRemote'] {
    return (this.boundForwardRemote ??= (spec) => this.forward(spec));
  }

  get upload(): TaskEnv['upload'] {
    return (this.boundUpload ??= (content, remotePath, mode) => this.send(content, remotePath, mode));
  }

  get warm(): TaskEnv['warm'] {
    return (this.boundWarm ??= () => {
      if (!this.ctx.dryRun && !this.signal.aborted) this.transport.warm?.();
    });
  }

  get output(): TaskEnv['output'] {
    return (this.boundOutput ??= (text) => this.show(text));
  }

  private show(text: string): void {
    for (const line of this.deps.redact(text).split(/\r?\n/)) this.channel.output(line);
  }

  /** The command as the `command` hook wraps it, recorded (quoted and redacted) as it is sent. */
  private record(cmd: Command): { wrapped: Command; shown: string } {
    const { hooks, redact } = this.deps;
    const wrapped = hasTaps(hooks.command) ? hooks.command.call(cmd, this.host) : cmd;
    const shown = redact(toShell(wrapped));
    this.channel.command(this.hostName, shown);
    return { wrapped, shown };
  }

  /** `showStdout: false` for a capture: its stdout is a value the task prints (or not) itself. */
  private async execute(cmd: Command, opts: ExecOptions = {}, showStdout: boolean): Promise<{ result: ExecResult; shown: string }> {
    const { signal } = this;
    if (signal.aborted) throw new AbortedError();
    const { wrapped, shown } = this.record(cmd);
    if (this.ctx.dryRun) return { result: DRY_RUN_RESULT, shown };
    const output = this.output;
    const splitters = { stdout: new LineSplitter(showStdout ? output : NO_LINE), stderr: new LineSplitter(output) };
    try {
      const result = await traceSpan('command', shown, () => this.transport.exec(wrapped, {
        ...opts,
        signal: opts.signal ? AbortSignal.any([signal, opts.signal]) : signal,
        onData(chunk, stream) {
          opts.onData?.(chunk, stream);
          splitters[stream].push(chunk);
        },
      }));
      if (result.code === null && signal.aborted) throw new AbortedError();
      return { result, shown };
    } finally {
      splitters.stdout.end();
      splitters.stderr.end();
    }
  }

  /**
   * In a dry run, records the command and answers it: a 2,000-host dry run records ≈70,000, and
   * the async path costs two promises and two objects each. Undefined: not a dry run, or
   * interrupted (the async path rejects). A throwing `command` hook rejects, as on that path.
   */
  private dryRun<T>(cmd: Command, answer: Promise<T>): Promise<T> | undefined {
    if (!this.ctx.dryRun || this.signal.aborted) return undefined;
    try {
      this.record(cmd);
    } catch (error) {
      return Promise.reject(error);
    }
    return answer;
  }

  private async captureOutput(cmd: Command, opts: ExecOptions | undefined): Promise<string> {
    return (await this.runCommand(cmd, opts, false)).stdout.trim();
  }

  private async probeCommand(cmd: Command, opts: ExecOptions | undefined): Promise<ExecResult> {
    return (await this.execute(cmd, opts, true)).result;
  }

  private async runCommand(cmd: Command, opts: ExecOptions | undefined, showStdout: boolean): Promise<ExecResult> {
    const { result, shown } = await this.execute(cmd, opts, showStdout);
    if (result.code !== 0) {
      const { redact } = this.deps;
      throw new CommandError(this.hostName, shown, result.code, redact(result.stderr), redact(result.stdout));
    }
    return result;
  }

  private async attach(cmd: Command): Promise<ExitStatus> {
    if (this.signal.aborted) throw new AbortedError();
    const { wrapped } = this.record(cmd);
    if (this.ctx.dryRun) return { code: 0 };
    const { terminal } = this.deps;
    if (!terminal) throw new GantryError(`${this.hostName}: an interactive command needs a terminal, and this run has none`);
    return this.transport.interactive(wrapped, { pty: { ...terminal.size(), term: terminal.term }, terminal, signal: this.signal });
  }

  private async forward(spec: RemoteForwardSpec): Promise<PortForward> {
    if (this.signal.aborted) throw new AbortedError();
    this.channel.command(this.hostName, `forward 127.0.0.1:${spec.remotePort} → 127.0.0.1:${spec.localPort} of this machine (ssh -R)`);
    if (this.ctx.dryRun) return { close: async () => {} };
    return this.transport.forwardRemote(spec, this.signal);
  }

  private async send(content: string | Buffer, remotePath: string, mode: number | undefined): Promise<void> {
    if (this.signal.aborted) throw new AbortedError();
    // Record where and how, never what: the content is usually a secret env file.
    const modeText = mode === undefined ? '' : ` (mode ${mode.toString(8).padStart(4, '0')})`;
    this.channel.command(this.hostName, this.deps.redact(`upload ${remotePath}${modeText}`));
    if (!this.ctx.dryRun) await this.transport.upload(content, remotePath, mode);
  }
}
