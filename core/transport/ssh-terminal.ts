/**
 * Attaches a local terminal to an SSH channel that has a pseudo-terminal: keys go to the remote
 * program (raw mode, so Ctrl-C reaches it instead of stopping Gantry), output comes back as it
 * is, window changes follow (SIGWINCH → window-change request), and the exit status comes back.
 */
import type { ClientChannel } from 'ssh2';
import { AbortedError, GantryError } from '../errors.js';
import type { ExitStatus, InteractiveOptions } from './types.js';

export function attachTerminal(host: string, channel: ClientChannel, { terminal, signal }: InteractiveOptions): Promise<ExitStatus> {
  return new Promise((resolve, reject) => {
    const { input, output } = terminal;
    const toRemote = (chunk: string | Buffer): void => void channel.write(chunk);
    const toLocal = (chunk: Buffer): void => void output.write(chunk);
    const stopResize = terminal.onResize(({ rows, cols }) => channel.setWindow(rows, cols, 0, 0));
    const onAbort = (): void => {
      channel.close();
      finish(() => reject(new AbortedError()));
    };
    let finished = false;
    const finish = (settle: () => void): void => {
      if (finished) return;
      finished = true;
      stopResize();
      signal?.removeEventListener('abort', onAbort);
      input.off('data', toRemote);
      input.pause();
      terminal.setRawMode(false);
      settle();
    };
    channel.on('data', toLocal);
    channel.stderr.on('data', toLocal);
    channel.on('close', (code?: number | null, exitSignal?: string) => {
      if (code === undefined) {
        finish(() => reject(new GantryError(`${host}: the SSH connection closed before the interactive command reported an exit status`)));
      } else {
        finish(() => resolve({ code, ...(exitSignal ? { signal: exitSignal } : {}) }));
      }
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    terminal.setRawMode(true);
    input.on('data', toRemote);
    input.resume();
  });
}
