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
import type { Command, ExecOptions, ExecResult, TerminalIo, Transport, TransportFactory } from '../transport/types.js';
import { LineSplitter } from './line-splitter.js';
import { traceSpan } from './trace/recorder.js';

/** Where the env reports what it does; every string passed here is already redacted. */
export interface TaskChannel {
  command(host: string, command: string): void;
  output(line: string): void;
}

export interface TaskEnvDeps {
  ctx: RunContext;
  instance: TaskInstance;
  /** The run's signal, or a live one for cleanup (always/failure) nodes. */
  signal: AbortSignal;
  transports: TransportFactory;
  hooks: EngineHooks;
  redact(text: string): string;
  /** The user's terminal, for interactive commands. */
  terminal?: TerminalIo;
  channel: TaskChannel;
}

const DRY_RUN_RESULT: ExecResult = { code: 0, stdout: '', stderr: '' };
/** The local transport's host name (see Transport.host). */
const LOCAL_HOST = 'localhost';

export function createTaskEnv(deps: TaskEnvDeps): TaskEnv {
  const { ctx, instance, signal, redact, channel } = deps;
  const { node, host } = instance;
  const hostName = node.scope === 'local' || !host ? LOCAL_HOST : host.name;
  let transport: Transport | undefined;
  // Lazy: a dry run or a node that only uploads never opens a connection it does not use.
  const getTransport = (): Transport =>
    (transport ??= hostName === LOCAL_HOST ? deps.transports.local() : deps.transports.forHost(hostName));

  const output = (text: string): void => {
    for (const line of redact(text).split(/\r?\n/)) channel.output(line);
  };

  /** The command as the `command` hook wraps it, recorded (quoted and redacted) as it is sent. */
  const record = (cmd: Command): { wrapped: Command; shown: string } => {
    const wrapped = hasTaps(deps.hooks.command) ? deps.hooks.command.call(cmd, host) : cmd;
    const shown = redact(toShell(wrapped));
    channel.command(hostName, shown);
    return { wrapped, shown };
  };

  /** `showStdout: false` for a capture: its stdout is a value the task prints (or not) itself. */
  async function execute(cmd: Command, opts: ExecOptions = {}, showStdout = true): Promise<{ result: ExecResult; shown: string }> {
    if (signal.aborted) throw new AbortedError();
    const { wrapped, shown } = record(cmd);
    if (ctx.dryRun) return { result: DRY_RUN_RESULT, shown };
    const splitters = { stdout: new LineSplitter(showStdout ? output : () => {}), stderr: new LineSplitter(output) };
    try {
      const result = await traceSpan('command', shown, () => getTransport().exec(wrapped, {
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

  async function run(cmd: Command, opts?: ExecOptions, showStdout = true): Promise<ExecResult> {
    const { result, shown } = await execute(cmd, opts, showStdout);
    if (result.code !== 0) {
      throw new CommandError(hostName, shown, result.code, redact(result.stderr), redact(result.stdout));
    }
    return result;
  }

  return new BoundTaskEnv(ctx, node, host, signal, getTransport, {
    run,
    async capture(cmd, opts) {
      return (await run(cmd, opts, false)).stdout.trim();
    },
    async probe(cmd, opts) {
      return (await execute(cmd, opts)).result;
    },
    async interactive(cmd) {
      if (signal.aborted) throw new AbortedError();
      const { wrapped } = record(cmd);
      if (ctx.dryRun) return { code: 0 };
      const { terminal } = deps;
      if (!terminal) throw new GantryError(`${hostName}: an interactive command needs a terminal, and this run has none`);
      return getTransport().interactive(wrapped, { pty: { ...terminal.size(), term: terminal.term }, terminal, signal });
    },
    async forwardRemote(spec) {
      if (signal.aborted) throw new AbortedError();
      channel.command(hostName, `forward 127.0.0.1:${spec.remotePort} → 127.0.0.1:${spec.localPort} of this machine (ssh -R)`);
      if (ctx.dryRun) return { close: async () => {} };
      return getTransport().forwardRemote(spec, signal);
    },
    async upload(content, remotePath, mode) {
      if (signal.aborted) throw new AbortedError();
      // Record where and how, never what: the content is usually a secret env file.
      const modeText = mode === undefined ? '' : ` (mode ${mode.toString(8).padStart(4, '0')})`;
      channel.command(hostName, redact(`upload ${remotePath}${modeText}`));
      if (!ctx.dryRun) await getTransport().upload(content, remotePath, mode);
    },
    warm() {
      if (!ctx.dryRun && !signal.aborted) getTransport().warm?.();
    },
    output,
  });
}

type EnvActions = Pick<TaskEnv, 'run' | 'capture' | 'probe' | 'interactive' | 'forwardRemote' | 'upload' | 'warm' | 'output'>;

/**
 * The env's methods are its own properties (bound: a plugin may pass `env.run` around); only
 * `transport` is a getter, on the prototype, as an object literal with a getter is slow to make
 * and a large run makes tens of thousands of envs.
 */
class BoundTaskEnv implements TaskEnv {
  readonly run: TaskEnv['run'];
  readonly capture: TaskEnv['capture'];
  readonly probe: TaskEnv['probe'];
  readonly interactive: TaskEnv['interactive'];
  readonly forwardRemote: TaskEnv['forwardRemote'];
  readonly upload: TaskEnv['upload'];
  readonly warm: TaskEnv['warm'];
  readonly output: TaskEnv['output'];

  constructor(
    readonly ctx: RunContext,
    readonly node: TaskNode,
    readonly host: Host | undefined,
    readonly signal: AbortSignal,
    private readonly getTransport: () => Transport,
    actions: EnvActions,
  ) {
    this.run = actions.run;
    this.capture = actions.capture;
    this.probe = actions.probe;
    this.interactive = actions.interactive;
    this.forwardRemote = actions.forwardRemote;
    this.upload = actions.upload;
    this.warm = actions.warm;
    this.output = actions.output;
  }

  get transport(): Transport {
    return this.getTransport();
  }
}
