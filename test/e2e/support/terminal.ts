/** Runs the built gantry CLI on a pseudo-terminal (util-linux `script`) and types into it. */
import { spawn } from 'node:child_process';
import { GANTRY_BIN } from './gantry.js';

export interface TerminalRun {
  code: number | null;
  output: string;
}

export interface TerminalOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Once the output matches (a prompt), `keys` are typed, 300 ms apart. */
  when: RegExp;
  keys: string[];
  /** Killed after this long. Default 90000. */
  timeoutMs?: number;
}

export function gantryOnTerminal(args: string[], opts: TerminalOptions): Promise<TerminalRun> {
  const line = [process.execPath, GANTRY_BIN, ...args].map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', line, '/dev/null'], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env, TERM: 'xterm' } });
    let output = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!typed && opts.when.test(output)) {
        typed = true;
        for (const [i, key] of opts.keys.entries()) setTimeout(() => child.stdin.write(key), 300 * (i + 1));
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
