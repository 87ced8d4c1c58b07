/** `secrets fetch`, `secrets extract` and `secrets print`: plain functions the CLI wiring calls. */
import { GantryError } from '../../core/errors.js';
import type { Secrets } from '../../core/config/types.js';
import type { AdapterContext } from './adapter.js';
import type { AdapterTable } from './table.js';
import { shellEscape, shellUnescape } from './shell-words.js';

export interface FetchOptions {
  adapter: string;
  account?: string;
  from?: string;
}

/** Reads `names` from the vault: `{ key: value }`, keys as the vault's adapter names them. */
export async function fetchSecrets(table: AdapterTable, names: string[], options: FetchOptions, ctx: AdapterContext): Promise<Record<string, string>> {
  const adapter = table.get(options.adapter);
  if (adapter.requiresAccount && !options.account) throw new GantryError(`the ${adapter.name} adapter needs --account`);
  const keys = options.from ? names.map((name) => `${options.from}/${name}`) : names;
  return adapter.fetch({ keys, names, account: options.account, from: options.from }, ctx);
}

/** As Kamal prints it: JSON, shell-escaped so that an unquoted `$SECRETS` stays one word. */
export function formatFetchOutput(results: Record<string, string>): string {
  return shellEscape(JSON.stringify(results));
}

/**
 * The value of `name` in a fetch's output: the exact key, else the first key ending in
 * `/name`. The output may arrive split into words, still escaped (expanded from a variable
 * without a shell re-reading it), or already unescaped; all three are accepted.
 */
export function extractSecret(name: string, words: string[]): string {
  const parsed = parseFetchOutput(words.join(' '));
  const value = parsed[name] ?? Object.entries(parsed).find(([key]) => key.endsWith(`/${name}`))?.[1];
  if (value === undefined) throw new GantryError(`could not find secret ${name} (keys: ${Object.keys(parsed).join(', ') || 'none'})`);
  return value;
}

function parseFetchOutput(text: string): Record<string, string> {
  for (const candidate of [text, shellUnescape(text)]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string>;
    } catch {
      // try the next reading
    }
  }
  throw new GantryError('secrets extract: the second argument is not the output of `secrets fetch` (a JSON object)');
}

/** `{ KEY: value }` per secret, values redacted unless `reveal`. */
export function secretsValues(secrets: Secrets, reveal: boolean): Record<string, string> {
  return Object.fromEntries(secrets.names().map((name) => [name, reveal ? secrets.get(name) : '[REDACTED]']));
}

/** `KEY=value` per secret, values redacted unless `reveal`. */
export function secretsListing(secrets: Secrets, reveal: boolean): string {
  return Object.entries(secretsValues(secrets, reveal))
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}
