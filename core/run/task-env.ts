/**
 * Builds the TaskEnv a node's run() gets: commands go through the `command` hook, are recorded
 * (quoted once, redacted), reported, and executed unless this is a dry run.
 */
import { AbortedError, CommandError, GantryError } from '../errors.js';
import type { RunContext, TaskEnv, TaskInstance } from '../graph/model.js';
import type { EngineHooks } from '../hooks.js';
import { toShell } from '../transport/quote.js';
import type { Command, ExecOptions, ExecResult, ExitStatus, TerminalIo, Transport, TransportFactory } from '../transport/types.js';
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

  /** `showStdout: false` for a capture: its stdout is a value the task prints (or not) itself. */
  async function execute(cmd: Command, opts: ExecOptions = {}, showStdout = true): Promise<{ result: ExecResult; shown: string }> {
    if (signal.aborted) throw new AbortedError();
    const wrapped = deps.hooks.command.call(cmd, host);
    const shown = redact(toShell(wrapped));
    channel.command(hostName, shown);
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

  async function interactive(cmd: Command): Promise<ExitStatus> {
    if (signal.aborted) throw new AbortedError();
    const wrapped = deps.hooks.command.call(cmd, host);
    channel.command(hostName, redact(toShell(wrapped)));
    if (ctx.dryRun) return { code: 0 };
    const { terminal } = deps;
    if (!terminal) throw new GantryError(`${hostName}: an interactive command needs a terminal, and this run has none`);
    return getTransport().interactive(wrapped, { pty: { ...terminal.size(), term: terminal.term }, terminal, signal });
  }

  async function run(cmd: Command, opts?: ExecOptions, showStdout = true): Promise<ExecResult> {
    const { result, shown } = await execute(cmd, opts, showStdout);
    if (result.code !== 0) {
      throw new CommandError(hostName, shown, result.code, redact(result.stderr), redact(result.stdout));
    }
    return result;
  }

  return {
    ctx,
    node,
    host,
    get transport() {
      return getTransport();
    },
    signal,
    run,
    async capture(cmd, opts) {
      return (await run(cmd, opts, false)).stdout.trim();
    },
    async probe(cmd, opts) {
      return (await execute(cmd, opts)).result;
    },
    interactive,
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
  };
}
