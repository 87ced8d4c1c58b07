/**
 * Config rules of the `accessories` section, reported with the other config problems as
 * `file:line:col accessories.<name>…` (the engine's validateConfig hook): exactly one placement
 * key, and roles that exist.
 */
import { childPointer } from '../../core/config/positions.js';
import { rolesOf, type ServersSection } from '../../core/inventory.js';
import type { ConfigIssue } from '../../core/config/types.js';
import type { GantryConfig } from '../../schemas/index.js';

export const PLACEMENT_KEYS = ['host', 'hosts', 'role', 'roles', 'tag', 'tags'] as const;

export function accessoryRules(config: GantryConfig, issues: ConfigIssue[]): void {
  issues.push(...accessoryProblems(config));
}

function accessoryProblems(config: GantryConfig): ConfigIssue[] {
  const roles = rolesOf(config.servers as ServersSection).map((role) => role.name);
  return Object.entries(config.accessories ?? {}).flatMap(([name, accessory]) => {
    const pointer = childPointer('/accessories', name);
    const placements = PLACEMENT_KEYS.filter((key) => accessory[key] !== undefined);
    if (placements.length !== 1) {
      const found = placements.length ? ` (found ${placements.join(', ')})` : '';
      return [{ pointer, message: `set exactly one of ${PLACEMENT_KEYS.join(', ')}${found}` }];
    }
    const wanted = accessory.role !== undefined ? [[childPointer(pointer, 'role'), accessory.role] as const] : (accessory.roles ?? []).map((role, i) => [childPointer(childPointer(pointer, 'roles'), i), role] as const);
    return wanted
      .filter(([, role]) => !roles.includes(role))
      .map(([at, role]) => ({ pointer: at, message: `role "${role}" is not defined in servers (roles: ${roles.join(', ') || 'none'})` }));
  });
}
