/**
 * RAILS_MASTER_KEY from the secrets file, else from config/master.key (read when first needed).
 * The value is redacted like every other secret and reaches hosts only in 0600 env files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Secrets } from '../../core/config/types.js';
import { MASTER_KEY } from './defaults.js';

export function masterKeyFile(root: string): string {
  return join(root, 'config', 'master.key');
}

export function withMasterKeyFile(secrets: Secrets, root: string): Secrets {
  let value: string | undefined;
  const fromFile = () => (value ??= readFileSync(masterKeyFile(root), 'utf8').trim());
  const inFile = () => !secrets.has(MASTER_KEY) && existsSync(masterKeyFile(root));
  return {
    get: (name) => (name === MASTER_KEY && inFile() ? fromFile() : secrets.get(name)),
    has: (name) => secrets.has(name) || (name === MASTER_KEY && inFile()),
    names: () => [...new Set([...secrets.names(), ...(inFile() ? [MASTER_KEY] : [])])],
    redact: (text) => {
      const redacted = secrets.redact(text);
      return value ? redacted.split(value).join('[REDACTED]') : redacted;
    },
  };
}
