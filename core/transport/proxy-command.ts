/**
 * `ssh.proxy_command` / OpenSSH `ProxyCommand`: a local command whose stdin and stdout carry the
 * SSH connection (`ssh -W %h:%p jump`, `nc %h %p`, a cloud CLI's tunnel).
 */
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { expandTokens } from './openssh-config.js';
import type { SshTarget } from './ssh-target.js';

/** The command as it runs for this target: `%h` host, `%p` port, `%r` user, `%%` a percent sign. */
export function proxyCommandFor(command: string, target: SshTarget): string {
  return expandTokens(command, { h: target.host, p: String(target.port), r: target.user });
}

export interface ProxyCommandSocket {
  sock: Duplex;
  /** What the command wrote on stderr (the reason, when it fails), once it exited or after `waitMs`. */
  stderr(waitMs?: number): Promise<string>;
}

/** Starts the command through `sh -c`, as ssh does; destroying the socket ends the command. */
export function openProxyCommand(command: string): ProxyCommandSocket {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    // Bounded: a chatty command must not grow memory for the life of the connection.
    if (stderr.length < 4096) stderr += chunk;
  });
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // A command that fails to start (or exits) closes its stdout, which ssh2 sees as a lost connection.
  child.once('error', (error) => {
    stderr += `${error.message}\n`;
    sock.destroy();
  });
  // A premature close of the pipes is how the command's exit shows; ssh2 reports it as a lost
  // connection and the command's stderr says why, so the stream error itself adds nothing.
  sock.on('error', () => undefined);
  sock.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    sock,
    async stderr(waitMs = 1000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
      return stderr.trim();
    },
  };
}
