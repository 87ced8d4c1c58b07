import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that no reader ever sees it with a wider mode or half written: the content goes
 * to a new 0600 sibling, gets its exact mode (umask aside), and is renamed over the target.
 */
export async function writeFileAtomically(path: string, content: string | Buffer, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.gantry-${randomBytes(6).toString('hex')}`);
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(content);
    await file.chmod(mode);
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
