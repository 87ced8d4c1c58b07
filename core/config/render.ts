/** `gantry config`: the resolved config as YAML, with secrets redacted. */
import { relative } from 'node:path';
import { stringify } from 'yaml';
import type { GantryConfig } from '../../schemas/index.js';
import type { LoadedConfig } from './types.js';
import { REDACTED, redactValues } from './redact.js';
import { secretNamesIn } from './secret-names.js';


export function renderConfig(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): string {
  const files = loaded.files.map((file) => relative(loaded.root, file) || file).join(' + ');
  const header = `# ${files}${loaded.destination ? ` (destination: ${loaded.destination})` : ''}\n`;
  return header + stringify(redactedConfig(loaded, env));
}

/**
 * The config with secrets redacted value by value (so YAML and JSON output stay valid): the
 * secrets pass catches any resolved value that ended up in the config; the environment values
 * of secret names catch what ERB put there (`<%= ENV["DB_PASSWORD"] %>`), unresolved.
 */
export function redactedConfig(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): unknown {
  return mapStrings(withSecretFieldsRedacted(loaded.config), configRedactor(loaded, env));
}

/** Resolved secret values, plus the environment values of names the config marks secret. */
export function configRedactor(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  const secretNames = new Set([...secretNamesIn(loaded.config), ...loaded.secrets.names()]);
  const fromEnv = [...secretNames].flatMap((name) => (env[name] === undefined ? [] : [env[name]!]));
  return (text) => redactValues(loaded.secrets.redact(text), fromEnv);
}

function mapStrings(node: unknown, map: (text: string) => string): unknown {
  if (typeof node === 'string') return map(node);
  if (Array.isArray(node)) return node.map((item) => mapStrings(item, map));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [map(key), mapStrings(value, map)]));
  return node;
}

/** Fields that hold secret material even when written inline. */
function withSecretFieldsRedacted(config: GantryConfig): GantryConfig {
  const copy = structuredClone(config);
  if (copy.registry?.password !== undefined) copy.registry.password = REDACTED;
  for (const accessory of Object.values(copy.accessories ?? {})) {
    if (accessory.registry?.password !== undefined) accessory.registry.password = REDACTED;
  }
  if (copy.ssh?.key_data) copy.ssh.key_data = copy.ssh.key_data.map(() => REDACTED);
  return copy;
}
