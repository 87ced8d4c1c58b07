/** Runs the built gantry CLI (dist/bin/gantry.js) as a user would, from a project directory. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, type RunResult } from './exec.js';

export const GANTRY_BIN = fileURLToPath(new URL('../../../dist/bin/gantry.js', import.meta.url));

export interface GantryOptions {
  /** The project directory (see writeProject). */
  cwd: string;
  /** Added to process.env; NO_COLOR=1 is set unless overridden. */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Default 300000. */
  timeoutMs?: number;
  /** Run inside this network namespace (a node's `netns`), as if gantry ran on that node. */
  netns?: string;
}

export function gantry(args: string[], opts: GantryOptions): Promise<RunResult> {
  if (!existsSync(GANTRY_BIN)) throw new Error(`${GANTRY_BIN} is missing: run npm run build (test/e2e/run does)`);
  const [command, ...argv] = [...(opts.netns ? ['nsenter', `--net=${opts.netns}`] : []), process.execPath, GANTRY_BIN, ...args];
  return run(command!, argv, {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    input: opts.input,
    timeoutMs: opts.timeoutMs,
  });
}
