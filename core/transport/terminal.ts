/** The process's own terminal as a TerminalIo. */
import type { TerminalIo, WindowSize } from './types.js';

/** Used when stdout is not a terminal (its size is unknown). */
const DEFAULT_SIZE: WindowSize = { rows: 24, cols: 80 };

function windowSize(): WindowSize {
  const { rows, columns } = process.stdout;
  return rows && columns ? { rows, cols: columns } : DEFAULT_SIZE;
}

export function processTerminal(): TerminalIo {
  return {
    input: process.stdin,
    output: process.stdout,
    term: process.env.TERM || 'xterm-256color',
    size: windowSize,
    setRawMode(raw) {
      if (process.stdin.isTTY) process.stdin.setRawMode(raw);
    },
    onResize(listener) {
      // Node turns SIGWINCH into a 'resize' event on a TTY stdout.
      const onResize = (): void => listener(windowSize());
      process.stdout.on('resize', onResize);
      return () => void process.stdout.off('resize', onResize);
    },
  };
}
