import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';

/**
 * Writes a remote file so that no reader ever sees it with a wider mode or half written: the content
 * goes to a new 0600 sibling, gets its exact mode (the server's umask aside), and is renamed over the
 * target with OpenSSH's posix-rename (plain SFTP rename refuses to replace a file).
 */
export async function writeRemoteFileAtomically(sftp: SFTPWrapper, path: string, content: string | Buffer, mode: number): Promise<void> {
  const data = Buffer.from(content);
  const temporary = posix.join(posix.dirname(path), `.${posix.basename(path)}.gantry-${randomBytes(6).toString('hex')}`);
  const handle = await call<Buffer>((done) => sftp.open(temporary, 'wx', { mode: 0o600 }, done));
  try {
    if (data.length > 0) await call((done) => sftp.write(handle, data, 0, data.length, 0, done));
    await call((done) => sftp.fchmod(handle, mode, done));
    await call((done) => sftp.close(handle, done));
    await call((done) => sftp.ext_openssh_rename(temporary, path, done));
  } catch (error) {
    await call((done) => sftp.close(handle, done)).catch(() => undefined);
    await call((done) => sftp.unlink(temporary, done)).catch(() => undefined);
    throw error;
  }
}

function call<T = void>(start: (done: (error: Error | undefined | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}
