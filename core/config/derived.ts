/** Defaults that depend on more than the schema can see. */
import type { GantryConfig } from '../../schemas/index.js';
import { isLocalRegistry } from './rules.js';

export type DerivedConfig = GantryConfig & { hooks_path: string; secrets_path: string };

export function applyDerivedDefaults(config: GantryConfig, kamal: boolean): DerivedConfig {
  const stateDir = kamal ? '.kamal' : '.gantry';
  // A local registry needs no repository name: the service name serves.
  const image = config.image ?? (isLocalRegistry(config.registry?.server) ? config.service : undefined);
  return Object.assign(config, {
    hooks_path: config.hooks_path ?? `${stateDir}/hooks`,
    secrets_path: config.secrets_path ?? `${stateDir}/secrets`,
    ...(image === undefined ? {} : { image }),
  });
}
