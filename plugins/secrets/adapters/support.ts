/** What every adapter needs: the installed check, exit-code checks and JSON that fails clearly. */
import { GantryError } from '../../../core/errors.js';
import type { AdapterContext, VaultResult } from '../adapter.js';

/** Fails with a message naming the program when `argv` (usually `--version`) does not run. */
export function requireInstalled(ctx: AdapterContext, argv: string[], label: string): void {
  const result = ctx.cli.run(argv);
  if (result.code === 127) throw new GantryError(`${label} is not installed: \`${argv[0]}\` is not on PATH`);
  if (result.code !== 0) throw new GantryError(`${label} is not working: \`${argv.join(' ')}\` exited with ${result.code}${detail(result)}`);
}

/** Throws `message` (plus the vault's own error line) unless the command succeeded. */
export function requireOk(result: VaultResult, message: string): VaultResult {
  if (result.code !== 0) throw new GantryError(`${message}${detail(result)}`);
  return result;
}

/** The vault's last stderr line: its reason, never its stdout (which may hold values). */
function detail(result: VaultResult): string {
  const last = result.stderr.trim().split('\n').at(-1)?.trim();
  return last ? ` (${last})` : '';
}

/** Parses a vault's JSON output; the error names the vault and never echoes the text. */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new GantryError(`${what}: the output is not JSON`);
  }
}

export function requireAccount(account: string | undefined, adapter: string): string {
  if (!account) throw new GantryError(`the ${adapter} adapter needs --account`);
  return account;
}

/** A value as text (vaults return numbers or null for some fields). */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}
