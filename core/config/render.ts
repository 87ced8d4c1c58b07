/** `gantry config`: the resolved config as YAML, with secrets redacted. */
import { relative } from 'node:path';
import { stringify } from 'yaml';
import type { GantryConfig } from '../../schemas/index.js';
import type { LoadedConfig } from './types.js';

const REDACTED = '[REDACTED]';

export function renderConfig(loaded: LoadedConfig): string {
  const files = loaded.files.map((file) => relative(loaded.root, file) || file).join(' + ');
  const header = `# ${files}${loaded.destination ? ` (destination: ${loaded.destination})` : ''}\n`;
  // The secrets pass catches any resolved value that ended up in the config (e.g. through ERB).
  return loaded.secrets.redact(header + stringify(withSecretFieldsRedacted(loaded.config)));
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
