/**
 * The transport contract: how a command reaches a host. Commands are argv arrays built by pure
 * functions; a transport quotes them exactly once (see quote.ts) right before they run.
 */
import type { OpenSshConfig } from './openssh-config.js';

/** A piece of shell syntax that must not be quoted: an operator such as `|`, `&&`, `;` or `||`. */
export interface RawShell {
  readonly raw: string;
}

/** One argv word: a plain string (always quoted) or raw shell syntax (never quoted). */
export type Word = string | RawShell;

/** A command as data: argv words, optionally joined by raw shell operators. */
export type Command = readonly Word[];

export interface ExecOptions {
  /** Working directory (local transport; remote commands are wrapped in `cd DIR &&`). */
  cwd?: string;
  /** Extra environment for local processes only (e.g. build secrets). Remote transports reject it:
   *  a remote secret travels in a 0600 file uploaded over SFTP, never in a command line. */
  env?: Record<string, string>;
  /** Bytes written to the command's stdin, then stdin is closed (passwords go here, never in argv). */
  stdin?: string | Buffer;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  /** Abort the command (Ctrl-C): the channel/process is closed and exec rejects with an AbortError. */
  signal?: AbortSignal;
  /** Streaming output, chunk by chunk, as it arrives. */
  onData?(chunk: string, stream: 'stdout' | 'stderr'): void;
  /**
   * Streaming output, line by line, as each line completes (a log follow). The result then keeps
   * only the last lines of each stream (for error messages): a follow may run for days.
   */
  onLine?(line: string, stream: 'stdout' | 'stderr'): void;
}

/** A terminal window's size in characters. */
export interface WindowSize {
  rows: number;
  cols: number;
}

/** The pseudo-terminal an interactive command gets on the host. */
export interface PtyOptions extends WindowSize {
  /** The TERM the remote programs see (e.g. `xterm-256color`). */
  term: string;
}

/** The local terminal an interactive command is attached to (the process's own, or a fake in tests). */
export interface TerminalIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** The TERM remote programs should see. */
  readonly term: string;
  /** The window's current size. */
  size(): WindowSize;
  /** Raw mode passes every key (Ctrl-C included) to the remote program instead of acting locally. */
  setRawMode(raw: boolean): void;
  /** Calls `listener` with the new size when the local window changes (SIGWINCH); returns the unsubscribe. */
  onResize(listener: (size: WindowSize) => void): () => void;
}

export interface InteractiveOptions {
  pty: PtyOptions;
  terminal: TerminalIo;
  /** Abort: the channel/process is closed and the call rejects with an AbortedError. */
  signal?: AbortSignal;
}

/** How an interactive command ended. */
export interface ExitStatus {
  /** Exit code; null when the command was killed by a signal. */
  code: number | null;
  signal?: string;
}

/** A remote port forward (`ssh -R`): open until closed, or until the connection ends. */
export interface PortForward {
  close(): Promise<void>;
}

/** Connections to the host's `127.0.0.1:remotePort` reach this machine's `127.0.0.1:localPort`. */
export interface RemoteForwardSpec {
  remotePort: number;
  localPort: number;
}

export interface ExecResult {
  /** Exit code; null when the command was killed by a signal. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** How to reach a host over SSH (resolved from the `ssh` config section). */
export interface SshOptions {
  /** OpenSSH client config applied per host (see ssh-host-options.ts); the settings `explicit` names win over it. */
  openSsh?: { config: OpenSshConfig; explicit: ReadonlyArray<keyof SshOptions> };
  user: string;
  port: number;
  /** Private key file paths (ssh.keys); empty means agent + default ~/.ssh keys. */
  keys: string[];
  /** Private key contents (ssh.key_data, resolved from secrets). */
  keyData: string[];
  /** Key files from the OpenSSH config (`IdentityFile`): tried when they exist, in place of the default ~/.ssh keys. */
  identityFiles?: string[];
  /** Only use the keys given (no agent). */
  keysOnly: boolean;
  /** Jump host `[user@]host[:port]`. */
  proxy?: string;
  /** A local command whose stdin/stdout carry the connection (`%h`, `%p`, `%r`); instead of TCP. */
  proxyCommand?: string;
  /** Forward the local ssh-agent to commands on the host. */
  forwardAgent: boolean;
  /** Receives ssh2's handshake and protocol debug lines (ssh.log_level debug). */
  debug?: (line: string) => void;
  /** known_hosts file to check and extend; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** `accept-new` (default): add unknown hosts, refuse changed keys. `strict`: refuse unknown hosts. `off`: no check. */
  hostKeyPolicy: 'accept-new' | 'strict' | 'off';
  /** Keepalive interval in ms (default 30 000). */
  keepaliveMs: number;
  /** Connection (handshake) timeout in ms. */
  readyTimeoutMs: number;
  /** Concurrent channels per connection; stays below sshd's MaxSessions (10). */
  maxChannels: number;
  /** Concurrent connection starts across all hosts (sshkit.max_concurrent_starts). */
  maxConcurrentStarts: number;
}

export interface Transport {
  /** The host this transport reaches (`localhost` for the local transport). */
  readonly host: string;
  exec(cmd: Command, opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Runs the commands one after another in one round trip (one remote script), stopping after the
   * first that exits non-zero. Resolves one result per command that ran, each with its own exit
   * code and output. Only `signal` and `timeoutMs` of the options apply (to the whole script).
   */
  execSteps(steps: readonly Command[], opts?: ExecOptions): Promise<ExecResult[]>;
  /** Runs a command attached to a terminal: a real pseudo-terminal on the host, keys and window size passed through. */
  interactive(cmd: Command, opts: InteractiveOptions): Promise<ExitStatus>;
  /**
   * Listens on the host's loopback and carries each connection back to this machine's loopback
   * (a reverse port forward), so the host reaches a service that runs here.
   */
  forwardRemote(spec: RemoteForwardSpec, signal?: AbortSignal): Promise<PortForward>;
  /** Write a file on the host with the given mode (0600 for env files). Parent directory must exist. */
  upload(content: string | Buffer, remotePath: string, mode?: number): Promise<void>;
  /** Starts connecting in the background, where connecting is a step of its own (SSH). */
  warm?(): void;
  close(): Promise<void>;
}

/** Creates (and pools) transports per host; one connection per host reused for every command. */
export interface TransportFactory {
  forHost(host: string): Transport;
  local(): Transport;
  closeAll(): Promise<void>;
}
