/**
 * Every name the config marks secret: `env.secret` lists (root, roles, accessories, tags; both
 * sides of `NAME:ALIAS`), `builder.secrets`, and registry credentials given as `[NAME]`. An
 * ERB `<%= ENV["NAME"] %>` of one of these puts a secret into the config itself.
 */
import type { GantryConfig } from '../../schemas/index.js';

export function secretNamesIn(config: GantryConfig): string[] {
  const names = new Set<string>();
  const walk = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      // `secret: [...]` under an env, `secrets: [...]` under the builder, `password: [NAME]` under a registry.
      if (key === 'secret' || key === 'secrets' || key === 'password' || key === 'username') {
        for (const entry of node) if (typeof entry === 'string') for (const name of entry.split(':')) names.add(name);
      } else for (const item of node) walk(item, undefined);
      return;
    }
    if (node && typeof node === 'object') for (const [child, value] of Object.entries(node)) walk(value, child);
  };
  walk(config, undefined);
  return [...names].filter(Boolean);
}
