/**
 * Renders a Docker env file (`--env-file`): one `KEY=value` per line. Docker takes the value
 * literally to the end of the line (no quotes, no escapes), so a value cannot hold a line break.
 *
 * Values are escaped exactly as Kamal's env file does, so an app sees byte-identical values
 * whichever tool deployed it: control characters become visible escapes (`\n`, `\t`, `\x01`),
 * a backslash is doubled (keeping the escaping reversible), and quotes, `#`, `$` and non-ASCII
 * text stay as they are. An app that needs a real multi-line value (a PEM key) must unescape it,
 * as it already must under Kamal.
 */

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\x07': '\\a',
  '\x1b': '\\e',
};

export function renderEnvFile(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${checkedKey(key)}=${escapeValue(value)}\n`)
    .join('');
}

function escapeValue(value: string): string {
  return value.replace(/[\x00-\x1f\x7f\\]/g, (char) => NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// Docker splits a line at its first `=`, rejects names with whitespace and skips `#` lines.
function checkedKey(key: string): string {
  if (!/^[^\s=#][^\s=]*$/.test(key)) throw new Error(`Invalid environment variable name for an env file: ${JSON.stringify(key)}`);
  return key;
}
