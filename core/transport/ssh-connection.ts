/**
 * One pooled SSH connection to one host: opened lazily, reused by every command, reopened after a
 * drop (one retry when the network fails, none for auth or host key refusals), with its channels
 * bounded below sshd's MaxSessions and one SFTP session kept open for uploads.
 */
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { AbortedError, GantryError } from '../errors.js';
import { expandHome } from './home-path.js';
import { hostKeyAlgorithmsFor, type HostKeyTarget } from './host-key-verifier.js';
import { Semaphore } from './semaphore.js';
import { SshConnectError, handshake } from './ssh-handshake.js';
import { planAuthentication } from './ssh-keys.js';
import { listenOnHost, type StopForward } from './ssh-forward.js';
import { openProxyCommand, proxyCommandFor, type ProxyCommandSocket } from './proxy-command.js';
import { describeTarget, targetName, type SshTarget } from './ssh-target.js';
import type { PtyOptions, SshOptions } from './types.js';

/** How long close() waits for a clean disconnect before dropping the socket. */
const CLOSE_GRACE_MS = 2000;

export interface JumpHost {
  target: SshTarget;
  connection: SshConnection;
}

export class SshConnection {
  private readonly channels: Semaphore;
  private connecting: Promise<Client> | undefined;
  /** The ready client, until it closes. */
  private current: Client | undefined;
  /** Auth and host key refusals stick: retrying them only locks accounts and repeats the same answer. */
  private refusal: SshConnectError | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;

  constructor(
    readonly target: SshTarget,
    private readonly options: SshOptions,
    private readonly startSlots: Semaphore,
    private readonly jumpHost?: JumpHost,
  ) {
    // The SFTP session keeps one permit for itself; commands need at least one more.
    if (options.maxChannels < 2) throw new GantryError(`ssh maxChannels must be at least 2 (one is kept for SFTP uploads), got ${options.maxChannels}`);
    this.channels = new Semaphore(options.maxChannels);
  }

  /** Opens an exec channel (with a pseudo-terminal when `pty` is given); its permit is returned when the channel closes. */
  async exec(command: string, signal?: AbortSignal, pty?: PtyOptions): Promise<ClientChannel> {
    const release = await this.channels.acquire(signal);
    const opening = this.onLiveClient((client) => openSession(() => openExec(client, command, pty)));
    // The permit follows the channel's life on the server, even when the caller stops waiting for it.
    opening.then((channel) => channel.once('close', release), release);
    return untilAborted(opening, signal, (late) => {
      // ssh2 reports a channel closed only once its output was read.
      late.resume();
      late.stderr.resume();
      late.close();
    });
  }

  /**
   * Starts connecting without a command to run. A failure is not reported here: the next command
   * connects again (or meets the same refusal) and reports it where it is attributed.
   */
  warm(): void {
    this.ready().catch(() => undefined);
  }

  /** The connection's SFTP session, opened on first use; it holds one channel permit while open. */
  sftp(): Promise<SFTPWrapper> {
    if (!this.sftpSession) {
      const session = this.openSftp();
      this.sftpSession = session;
      const forget = (): void => {
        if (this.sftpSession === session) this.sftpSession = undefined;
      };
      session.then((sftp) => sftp.once('close', forget), forget);
    }
    return this.sftpSession;
  }

  /** A TCP stream from this host to another, for connecting through it as a jump host. */
  forwardTo(host: string, port: number): Promise<ClientChannel> {
    return this.onLiveClient(
      (client) =>
        new Promise((resolve, reject) => {
          client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => (error ? reject(error) : resolve(stream)));
        }),
    );
  }

  /** Makes the host listen on 127.0.0.1:`port` (ssh -R); each connection there reaches `onConnection`. */
  async forwardIn(port: number, onConnection: (channel: ClientChannel) => void): Promise<StopForward> {
    return listenOnHost(await this.ready(), port, onConnection);
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    this.connecting = undefined;
    const client = await pending?.catch(() => undefined);
    if (!client || this.current !== client) return;
    await new Promise<void>((resolve) => {
      const drop = setTimeout(() => client.destroy(), CLOSE_GRACE_MS);
      client.once('close', () => {
        clearTimeout(drop);
        resolve();
      });
      client.end();
    });
  }

  private async openSftp(): Promise<SFTPWrapper> {
    const release = await this.channels.acquire();
    try {
      const sftp = await this.onLiveClient((client) =>
        openSession(
          () =>
            new Promise<SFTPWrapper>((resolve, reject) => {
              client.sftp((error, session) => (error ? reject(error) : resolve(session)));
            }),
        ),
      );
      sftp.once('close', release);
      return sftp;
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Runs `open` on the ready client. When it fails because that client died meanwhile (a dropped
   * connection, not a refusal), reconnects once and tries again: nothing ran on the dead one.
   */
  private async onLiveClient<T>(open: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.ready();
    try {
      return await open(client);
    } catch (error) {
      if (this.current === client) throw channelError(this.target, error as Error);
      return open(await this.ready()).catch((retryError: Error) => {
        throw channelError(this.target, retryError);
      });
    }
  }

  private ready(): Promise<Client> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (!this.connecting) {
      const connecting = this.connectWithRetry();
      this.connecting = connecting;
      connecting.catch(() => {
        if (this.connecting === connecting) this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async connectWithRetry(): Promise<Client> {
    let client: Client;
    try {
      client = await this.connectOnce();
    } catch (error) {
      if (!(error instanceof SshConnectError && error.retriable)) throw this.remember(error);
      client = await this.connectOnce().catch((retryError) => {
        throw this.remember(retryError);
      });
    }
    this.current = client;
    // 'end' comes first when the server hangs up; from then on ssh2 refuses new channels.
    const forget = (): void => {
      if (this.current !== client) return;
      this.current = undefined;
      this.connecting = undefined;
      this.sftpSession = undefined;
    };
    client.once('end', forget).once('close', forget);
    return client;
  }

  private remember(error: unknown): unknown {
    if (error instanceof SshConnectError && !error.retriable) this.refusal = error;
    return error;
  }

  private async connectOnce(): Promise<Client> {
    const { target, options, jumpHost } = this;
    // Reach the jump host before taking a start slot: it takes one of its own to connect.
    const tunnel = jumpHost ? await this.tunnel(jumpHost) : undefined;
    let proxy: ProxyCommandSocket | undefined;
    const release = await this.startSlots.acquire();
    try {
      const hostKey: HostKeyTarget = {
        host: target.host,
        port: target.port,
        file: expandHome(options.knownHostsFile ?? '~/.ssh/known_hosts'),
        policy: options.hostKeyPolicy,
      };
      const auth = await planAuthentication(target.user, options);
      const hostKeyAlgorithms = await hostKeyAlgorithmsFor(hostKey);
      // Started right before the handshake, so ssh2 is listening when a failing command closes it.
      if (options.proxyCommand !== undefined) proxy = openProxyCommand(proxyCommandFor(options.proxyCommand, target));
      const sock = tunnel ?? proxy?.sock;
      return await handshake({
        target,
        ...(jumpHost ? { via: jumpHost.target } : {}),
        ...(sock ? { sock } : {}),
        options,
        auth,
        hostKey,
        hostKeyAlgorithms,
      });
    } catch (error) {
      (tunnel ?? proxy?.sock)?.destroy();
      throw proxy ? withProxyCommandOutput(error, await proxy.stderr()) : error;
    } finally {
      release();
    }
  }

  private async tunnel(jumpHost: JumpHost): Promise<Duplex> {
    try {
      return await jumpHost.connection.forwardTo(this.target.host, this.target.port);
    } catch (error) {
      if (error instanceof SshConnectError) throw error;
      const reason = `the jump host could not open a connection to it: ${(error as Error).message}`;
      throw new SshConnectError(this.target, jumpHost.target, reason, true);
    }
  }
}

/**
 * sshd frees a finished session a moment after both sides closed it, so a busy connection can
 * briefly find all MaxSessions in use and refuse a new one. Nothing ran, so asking again is safe.
 */
const SESSION_RETRY_DELAYS_MS = [5, 10, 20, 40, 80, 160, 320];

async function openSession<T>(open: () => Promise<T>): Promise<T> {
  for (const delay of SESSION_RETRY_DELAYS_MS) {
    try {
      return await open();
    } catch (error) {
      if (!(error as Error).message.startsWith('(SSH) Channel open failure')) throw error;
      await sleep(delay);
    }
  }
  return open();
}

function openExec(client: Client, command: string, pty?: PtyOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | undefined, channel: ClientChannel): void => (error ? reject(error) : resolve(channel));
    if (pty) client.exec(command, { pty: { rows: pty.rows, cols: pty.cols, term: pty.term } }, done);
    else client.exec(command, done);
  });
}

/** Settles with `work`, or rejects at once on abort; a result that arrives after that is disposed of. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, dispose: (late: T) => void): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      work.then(dispose, () => undefined);
      reject(new AbortedError());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A connection through a proxy command that failed says what the command printed. */
function withProxyCommandOutput(error: unknown, stderr: string): unknown {
  if (!(error instanceof SshConnectError) || stderr === '') return error;
  error.message += `; the proxy command printed: ${stderr}`;
  return error;
}

function channelError(target: SshTarget, error: Error): Error {
  if (error instanceof GantryError) return error;
  return new GantryError(`${targetName(target)}: could not open an SSH channel on ${describeTarget(target)}: ${error.message}`);
}
