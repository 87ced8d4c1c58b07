/** Roles as written: `servers` is a list (the implicit `web` role) or a hash of roles. */
import type { GantryConfig } from '../../schemas/index.js';
import { childPointer } from './positions.js';

export interface RoleEntry {
  name: string;
  /** Host names, without their tags. */
  hosts: string[];
  /** JSON pointer of the role's definition. */
  pointer: string;
}

type Host = string | Record<string, string | string[]>;

export function roleEntries(servers: GantryConfig['servers']): RoleEntry[] {
  if (Array.isArray(servers)) return [{ name: 'web', hosts: hostNames(servers), pointer: '/servers' }];
  return Object.entries(servers).map(([name, role]) => ({
    name,
    hosts: hostNames(Array.isArray(role) ? role : (role.hosts ?? [])),
    pointer: childPointer('/servers', name),
  }));
}

function hostNames(hosts: Host[]): string[] {
  return hosts.flatMap((host) => (typeof host === 'string' ? [host] : Object.keys(host)));
}
