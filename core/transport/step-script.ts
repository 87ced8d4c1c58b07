/**
 * Several commands in one round trip: they run one after another in one remote shell script,
 * each followed by a marker line on stdout and stderr that carries its exit code, so every
 * command's output and exit code come back as if it had run alone. The script stops after the
 * first command that fails.
 */
import { randomBytes } from 'node:crypto';
import { raw } from './quote.js';
import type { Command, ExecOptions, ExecResult, Word } from './types.js';

/** Builds the script: each command in a subshell (so `cd` or `exit` stays its own), then its marker. */
export function stepScript(steps: readonly Command[], marker: string): Command {
  const words: Word[] = [];
  steps.forEach((step, index) => {
    const report = `printf '\\n%s %d %d\\n' ${marker} ${index} $__gantry_rc`;
    words.push(raw('('), ...step, raw(`); __gantry_rc=$?; ${report}; ${report} >&2; [ $__gantry_rc -eq 0 ] || exit 0`));
    if (index < steps.length - 1) words.push(raw(';'));
  });
  return words;
}

/**
 * Splits the script's output back into one result per command that ran. A command with no
 * marker was killed with the shell (connection lost, signal): it gets the rest of the output and
 * the script's own exit code and signal.
 */
export function splitStepOutput(whole: ExecResult, marker: string, count: number): ExecResult[] {
  const cursors = { stdout: 0, stderr: 0 };
  const results: ExecResult[] = [];
  for (let index = 0; index < count; index++) {
    const parts = { stdout: nextPart(whole.stdout, cursors.stdout, `\n${marker} ${index} `), stderr: nextPart(whole.stderr, cursors.stderr, `\n${marker} ${index} `) };
    if (!parts.stdout || !parts.stderr) {
      const rest = { stdout: whole.stdout.slice(cursors.stdout), stderr: whole.stderr.slice(cursors.stderr) };
      results.push({ code: whole.code === 0 ? null : whole.code, ...(whole.signal ? { signal: whole.signal } : {}), ...rest });
      return results;
    }
    cursors.stdout = parts.stdout.next;
    cursors.stderr = parts.stderr.next;
    results.push({ code: parts.stdout.code, stdout: parts.stdout.text, stderr: parts.stderr.text });
    if (parts.stdout.code !== 0) return results;
  }
  return results;
}

function nextPart(stream: string, from: number, prefix: string): { text: string; code: number; next: number } | undefined {
  // The marker's leading newline is its own: a command with no output leaves it right at `from`.
  const at = stream.indexOf(prefix, from);
  if (at === -1) return undefined;
  const end = stream.indexOf('\n', at + prefix.length);
  if (end === -1) return undefined;
  const code = Number(stream.slice(at + prefix.length, end));
  return { text: stream.slice(from, at), code, next: end + 1 };
}

/** A marker no command's output will contain by chance. */
export function newMarker(): string {
  return `gantry-step-${randomBytes(8).toString('hex')}`;
}

/** Runs the steps as one script through `exec` (one round trip); results for the steps that ran. */
export async function execAsScript(
  exec: (cmd: Command, opts: ExecOptions) => Promise<ExecResult>,
  steps: readonly Command[],
  opts: ExecOptions = {},
): Promise<ExecResult[]> {
  const marker = newMarker();
  const whole = await exec(stepScript(steps, marker), { signal: opts.signal, timeoutMs: opts.timeoutMs });
  return splitStepOutput(whole, marker, steps.length);
}
