/** Asking for a key's passphrase on the terminal, without echo; there is no asking without one. */
import { AbortedError } from '../errors.js';

export type PassphraseAsker = (prompt: string) => Promise<string>;

/** The asker for this process's terminal, or undefined when stdin or stderr is not a terminal. */
export function terminalAsker(): PassphraseAsker | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (prompt) => readHidden(process.stdin, prompt);
}

function readHidden(input: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const wasRaw = input.isRaw;
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          return resolve(typed);
        }
        if (char === '\u0003') {
          finish();
          return reject(new AbortedError());
        }
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    input.on('data', onData);
  });
}
