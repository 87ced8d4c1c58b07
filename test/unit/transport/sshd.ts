/**
 * A throwaway OpenSSH server for transport tests: own host key, own client keys, own port on
 * 127.0.0.1, running in the foreground as this process's child. Starting fails loudly; it never skips.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestSshd {
  port: number;
  dir: string;
  /** Private key files: `client` is authorized, `stranger` is not. */
  clientKey: string;
  strangerKey: string;
  hostKeyPublic: string;
  /** A second ed25519 public key line, for forging a changed host key. */
  otherHostKeyPublic: string;
  /** sshd's log so far. */
  log(): string;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';
const START_TIMEOUT_MS = 5000;

export async function startSshd(): Promise<TestSshd> {
  if (process.getuid?.() !== 0) throw new Error('the SSH transport test must run as root to start its own sshd');
  if (!existsSync(SSHD)) throw new Error(`the SSH transport test needs ${SSHD}: run \`npm test\` as root (its pretest installs it) or apt-get install openssh-server`);
  // Debian's sshd refuses to start without its privilege separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'gantry-sshd-'));
  const keygen = (file: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', file, '-f', join(dir, file)]);
  };
  for (const key of ['host_key', 'other_host_key', 'client_key', 'stranger_key']) keygen(key);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      // The temp dir lives under world-writable /tmp, which StrictModes would reject.
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'MaxSessions 10',
      'AllowTcpForwarding yes',
      'Subsystem sftp internal-sftp',
      'LogLevel INFO',
      // bash sources ~/.bashrc for every command sshd runs unless it believes it is nested; this
      // machine's root .bashrc is slow (pyenv), which would cost ~0.4 s per command.
      'SetEnv SHLVL=1',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (log += chunk));
  await waitForListening(child, () => log, port);
  return {
    port,
    dir,
    clientKey: join(dir, 'client_key'),
    strangerKey: join(dir, 'stranger_key'),
    hostKeyPublic: (await readFile(join(dir, 'host_key.pub'), 'utf8')).trim(),
    otherHostKeyPublic: (await readFile(join(dir, 'other_host_key.pub'), 'utf8')).trim(),
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForListening(child: ChildProcess, log: () => string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const stopWaiting = (): void => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('error', onError).off('exit', onExit);
    };
    const fail = (why: string): void => {
      stopWaiting();
      child.kill('SIGKILL');
      reject(new Error(`test sshd ${why}:\n${log()}`));
    };
    const onError = (error: Error): void => fail(`could not start: ${error.message}`);
    const onExit = (code: number | null): void => fail(`exited with ${code}`);
    const poll = setInterval(() => {
      if (!log().includes(`Server listening on 127.0.0.1 port ${port}`)) return;
      stopWaiting();
      resolve();
    }, 10);
    const timer = setTimeout(() => fail(`did not listen within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', onError).once('exit', onExit);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
