/**
 * Registry credentials from config. As in Kamal, a string is the value itself and a one-item
 * list names a secret. Whether a login is needed is decided from config alone (no secret is
 * read while the graph is being built); the values are read only when a login runs.
 */
import { isLocalRegistry } from '../../core/config/rules.js';
import type { RunContext } from '../../core/graph/model.js';

export interface RegistryCredentials {
  /** Omitted for Docker Hub. */
  server?: string;
  username: string;
  password: string;
}

type SecretRef = string | string[];

/** True when the registry needs a login: both username and password set, and not a localhost:PORT registry. */
export function needsLogin(ctx: RunContext): boolean {
  const registry = ctx.config.config.registry;
  if (!registry || isLocalRegistry(registry.server)) return false;
  return registry.username !== undefined && registry.password !== undefined;
}

export function registryCredentials(ctx: RunContext): RegistryCredentials {
  const registry = ctx.config.config.registry ?? {};
  return {
    server: registry.server,
    username: secretValue(ctx, registry.username ?? ''),
    password: secretValue(ctx, registry.password ?? ''),
  };
}

function secretValue(ctx: RunContext, ref: SecretRef): string {
  return Array.isArray(ref) ? ctx.config.secrets.get(ref[0]!) : ref;
}
