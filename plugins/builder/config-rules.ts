/** The builder section's cross-key rules, run through the engine's validateConfig hook. */
import type { ConfigIssue } from '../../core/config/types.js';
import type { GantryConfig } from '../../schemas/index.js';

export function builderRules(config: GantryConfig, issues: ConfigIssue[]): void {
  const builder = config.builder;
  if (!builder) return;
  if (builder.local === false && !builder.remote) issues.push({ pointer: '/builder/local', message: 'local: false needs builder.remote' });
  if (builder.pack && Array.isArray(builder.arch) && builder.arch.length > 1) {
    issues.push({ pointer: '/builder/pack', message: 'buildpacks build a single architecture: set one arch' });
  }
}
