import { spawn, type ChildProcess } from 'node:child_process';
import { AbortedError, GantryError } from '../errors.js';
import { CommandRun } from './command-run.js';
import { writeFileAtomically } from './local-upload.js';
import { plainArgv, toShell } from './quote.js';
import type { Command, ExecOptions, ExecResult, ExitStatus, InteractiveOptions, Transport } from './types.js';

/** Grace period between SIGTERM and SIGKILL when a local command is stopped. */
const KILL_GRACE_MS = 2000;

/** Runs commands on this machine: plain argv without a shell, argv with raw shell syntax via `sh -c`. */
export class LocalTransport implements Transport {
  readonly host = 'localhost';

  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    if (cmd.length === 0) throw new GantryError(`${this.host}: cannot run an empty command`);
    if (opts.signal?.aborted) throw new AbortedError();
    const command = toShell(cmd);
    const [file, ...args] = plainArgv(cmd) ?? ['sh', '-c', command];
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
      // Own process group, so stopping the command also stops everything it started.
      detached: true,
      stdio: 'pipe',
    });
    const run = new CommandRun(this.host, command, opts, () => stopProcessGroup(child));
    run.collect(child.stdout, 'stdout');
    run.collect(child.stderr, 'stderr');
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Node blames the program for ENOENT even when the missing path is the working directory.
      const hint = error.code === 'ENOENT' && opts.cwd !== undefined ? ` (or the directory ${opts.cwd} does not exist)` : '';
      run.failed(new GantryError(`${run.describe()} could not run: ${error.message}${hint}`));
    });
    child.on('close', (code, signal) => run.exited(code, signal ?? undefined));
    // A command that exits without reading its stdin makes our write fail with EPIPE; that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin);
    return run.result;
  }

  /**
   * Locally the command gets this process's own terminal (stdio inherited): it is already a real
   * terminal, so there is no pseudo-terminal to size and no keys to forward.
   */
  async interactive(cmd: Command, opts: InteractiveOptions): Promise<ExitStatus> {
    if (cmd.length === 0) throw new GantryError(`${this.host}: cannot run an empty command`);
    if (opts.signal?.aborted) throw new AbortedError();
    const [file, ...args] = plainArgv(cmd) ?? ['sh', '-c', toShell(cmd)];
    const child = spawn(file, args, { stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      const onAbort = (): void => void child.kill('SIGTERM');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => reject(new GantryError(`${this.host}: \`${toShell(cmd)}\` could not run: ${error.message}`)));
      child.on('close', (code, signal) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (opts.signal?.aborted) reject(new AbortedError());
        else resolve({ code, ...(signal ? { signal } : {}) });
      });
    });
  }

  async upload(content: string | Buffer, path: string, mode = 0o644): Promise<void> {
    try {
      await writeFileAtomically(path, content, mode);
    } catch (error) {
      throw new GantryError(`${this.host}: could not write ${path}: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    // Nothing to release: every command is its own process.
  }
}

function stopProcessGroup(child: ChildProcess): void {
  signalGroup(child, 'SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) signalGroup(child, 'SIGKILL');
  }, KILL_GRACE_MS).unref();
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
