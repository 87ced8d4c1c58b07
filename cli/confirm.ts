/** Asks the operator one yes/no question on the terminal; anything but y/yes is no (as Kamal's y/N). */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface PromptIo {
  input: Readable;
  output: Writable;
}

export function askYesNo(summary: string, io: PromptIo): Promise<boolean> {
  const lines = createInterface({ input: io.input, output: io.output, terminal: false });
  return new Promise<boolean>((resolve) => {
    let answered = false;
    lines.once('line', (answer) => {
      answered = true;
      lines.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    // End of input (Ctrl-D) is no.
    lines.once('close', () => answered || resolve(false));
    io.output.write(`${summary}\nAre you sure? [y/N] `);
  });
}
