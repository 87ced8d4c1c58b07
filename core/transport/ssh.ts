import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientChannel } from 'ssh2';
import { AbortedError, GantryError } from '../errors.js';
import { CommandRun } from './command-run.js';
import { writeRemoteFileAtomically } from './sftp-upload.js';
import type { SshConnection } from './ssh-connection.js';
import { SshContext } from './ssh-context.js';
import { inDirectory, toShell } from './quote.js';
import { attachTerminal } from './ssh-terminal.js';
import { isPortTaken, joinToLocalPort } from './ssh-forward.js';
import { mark } from '../timing.js';
import { execAsScript } from './step-script.js';
import type { Command, ExecOptions, ExecResult, ExitStatus, InteractiveOptions, PortForward, RemoteForwardSpec, SshOptions, Transport } from './types.js';

/** As Kamal: a port another run holds on the host is asked for again, for up to 30 s. */
const FORWARD_WAIT_MS = 30_000;
const FORWARD_RETRY_MS = 1000;

/** Runs commands on one host over one pooled SSH connection (see SshConnection). */
export class SshTransport implements Transport {
  private readonly connection: SshConnection;
  /** Set when this transport was made on its own, not by a factory, and so owns its context. */
  private readonly ownContext: SshContext | undefined;

  constructor(
    readonly host: string,
    options: SshOptions,
    context?: SshContext,
  ) {
    const shared = context ?? new SshContext(options.maxConcurrentStarts);
    this.ownContext = context ? undefined : shared;
    this.connection = shared.connect(host, options);
  }

  /** Opens the connection in the background (see SshConnection.warm). */
  warm(): void {
    this.connection.warm();
  }

  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    if (opts.env) {
      throw new GantryError(
        `${this.host}: environment variables cannot be passed to remote commands (sshd drops them); upload secrets in a 0600 file and point the command at it`,
      );
    }
    if (opts.signal?.aborted) throw new AbortedError();
    const command = toShell(opts.cwd === undefined ? cmd : inDirectory(opts.cwd, cmd));
    const channel = await this.connection.exec(command, opts.signal);
    mark('first-exec');
    return runOnChannel(this.host, command, channel, opts);
  }

  execSteps(steps: readonly Command[], opts: ExecOptions = {}): Promise<ExecResult[]> {
    return execAsScript((cmd, o) => this.exec(cmd, o), steps, opts);
  }

  async interactive(cmd: Command, opts: InteractiveOptions): Promise<ExitStatus> {
    if (opts.signal?.aborted) throw new AbortedError();
    const channel = await this.connection.exec(toShell(cmd), opts.signal, opts.pty);
    return attachTerminal(this.host, channel, opts);
  }

  async forwardRemote({ remotePort, localPort }: RemoteForwardSpec, signal?: AbortSignal): Promise<PortForward> {
    const deadline = Date.now() + FORWARD_WAIT_MS;
    for (;;) {
      if (signal?.aborted) throw new AbortedError();
      try {
        const stop = await this.connection.forwardIn(remotePort, (channel) => joinToLocalPort(channel, localPort));
        return { close: stop };
      } catch (error) {
        if (!(error instanceof Error) || error instanceof GantryError || !isPortTaken(error)) throw error;
        if (Date.now() >= deadline) {
          throw new GantryError(`${this.host}: could not forward 127.0.0.1:${remotePort} to this machine: sshd refused to listen there for ${FORWARD_WAIT_MS / 1000} s (the port is in use on the host, or its sshd does not allow forwarding: AllowTcpForwarding)`);
        }
        await sleep(FORWARD_RETRY_MS, undefined, signal ? { signal } : {}).catch(() => undefined);
      }
    }
  }

  async upload(content: string | Buffer, remotePath: string, mode = 0o644): Promise<void> {
    const sftp = await this.connection.sftp();
    try {
      await writeRemoteFileAtomically(sftp, remotePath, content, mode);
    } catch (error) {
      throw new GantryError(`${this.host}: could not write ${remotePath} over SFTP: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.ownContext?.close();
  }
}

function runOnChannel(host: string, command: string, channel: ClientChannel, opts: ExecOptions): Promise<ExecResult> {
  const run = new CommandRun(host, command, opts, () => {
    // sshd delivers the signal to the command's process group (OpenSSH 7.8+; not for root, whose
    // sessions run without privilege separation). Closing the channel alone leaves the command
    // running until it next writes output.
    signalRemote(channel, 'TERM');
    channel.close();
  });
  run.collect(channel, 'stdout');
  run.collect(channel.stderr, 'stderr');
  // ssh2 repeats the exit status on 'close' (undefined when none came). Its 'exit' event can fire
  // before a listener is attached here, when a fast command's whole reply arrives in one packet.
  channel.on('close', (code?: number | null, signal?: string) => {
    // Cause first, on one short line: the whole command can be a long script.
    if (code === undefined) run.failed(new GantryError(`${host}: SSH connection lost before \`${run.brief()}\` finished (no exit status)`));
    else run.exited(code, signal);
  });
  channel.end(opts.stdin);
  return run.result;
}

type ChannelInternals = {
  outgoing?: { id: number; state: string };
  _client?: { _protocol?: { signal(channelId: number, signal: string): void } };
};

/**
 * ssh2's channel.signal() does nothing once our side sent EOF, and every exec sends EOF right away
 * (stdin is closed); the protocol allows a signal until the channel closes, so in that state it
 * goes through ssh2's protocol object.
 */
function signalRemote(channel: ClientChannel, signal: string): void {
  const { outgoing, _client } = channel as unknown as ChannelInternals;
  if (outgoing?.state === 'eof' && _client?._protocol) _client._protocol.signal(outgoing.id, signal);
  else channel.signal(signal);
}
