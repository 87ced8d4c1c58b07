/** The proxy section's cross-key rules, run through the engine's validateConfig hook. */
import type { ConfigIssue } from '../../core/config/types.js';
import type { GantryConfig } from '../../schemas/index.js';

const CADDY_CUSTOM_CERTIFICATE = 'custom certificates need the kamal-proxy driver; the caddy driver has automatic HTTPS only (ssl: true)';

export function proxyRules(config: GantryConfig, issues: ConfigIssue[]): void {
  if (config.proxy?.driver !== 'caddy') return;
  if (typeof config.proxy.ssl === 'object') issues.push({ pointer: '/proxy/ssl', message: CADDY_CUSTOM_CERTIFICATE });
  if (Array.isArray(config.servers)) return;
  for (const [role, section] of Object.entries(config.servers ?? {})) {
    const proxy = !Array.isArray(section) && typeof section.proxy === 'object' ? section.proxy : undefined;
    if (typeof proxy?.ssl === 'object') issues.push({ pointer: `/servers/${role}/proxy/ssl`, message: CADDY_CUSTOM_CERTIFICATE });
  }
}
