/**
 * The host inventory: servers and roles from config, primary role's hosts first, stable
 * order; and the --hosts / --roles / --primary filters (with `*` wildcards).
 */
import { GantryError } from './errors.js';
import type { Host } from './hosts.js';
import { matchesPattern } from './graph/resolve.js';
import { nameProblem } from './config/names.js';
import { childPointer } from './config/positions.js';

/** A host entry as written: `1.2.3.4`, `{ 1.2.3.4: tag }` or `{ 1.2.3.4: [t1, t2] }`. */
export type HostEntry = string | Record<string, string | string[]>;
export type RoleEntry = HostEntry[] | { hosts?: HostEntry[] };
export type ServersSection = HostEntry[] | Record<string, RoleEntry>;

export interface Role {
  name: string;
  hosts: { name: string; tags: string[] }[];
  /** JSON pointer of the role's definition (for positioned config errors). */
  pointer: string;
}

/** The one parser from `servers` to roles: a list is the implicit `web` role, a hash names roles. */
export function rolesOf(servers: ServersSection | undefined): Role[] {
  if (!servers) return [];
  if (Array.isArray(servers)) return [{ name: 'web', hosts: servers.map(parseHostEntry), pointer: '/servers' }];
  return Object.entries(servers).map(([name, role]) => ({
    name,
    hosts: (Array.isArray(role) ? role : (role?.hosts ?? [])).map(parseHostEntry),
    pointer: childPointer('/servers', name),
  }));
}

/** The role names alone, as rolesOf would name them, without reading every host entry (asked per host). */
export function roleNamesOf(servers: ServersSection | undefined): string[] {
  if (!servers) return [];
  return Array.isArray(servers) ? ['web'] : Object.keys(servers);
}

function parseHostEntry(entry: HostEntry): { name: string; tags: string[] } {
  if (typeof entry === 'string') return { name: entry, tags: [] };
  const [name, tags] = Object.entries(entry)[0]!;
  return { name, tags: Array.isArray(tags) ? tags : [tags] };
}

/** Every host once, primary role's hosts first, then the other roles' in config order. */
export function buildInventory(servers: ServersSection | undefined, primaryRole: string): Host[] {
  const roles = rolesOf(servers);
  const ordered = [...roles.filter((r) => r.name === primaryRole), ...roles.filter((r) => r.name !== primaryRole)];
  const hosts = new Map<string, Host>();
  for (const role of ordered) {
    for (const { name, tags } of role.hosts) {
      const host = hosts.get(name) ?? { name, roles: [], tags: [], primary: false };
      if (!host.roles.includes(role.name)) host.roles.push(role.name);
      for (const tag of tags) if (!host.tags.includes(tag)) host.tags.push(tag);
      host.primary ||= role.name === primaryRole;
      hosts.set(name, host);
    }
  }
  return [...hosts.values()];
}

export interface HostFilter {
  /** Comma lists as given on the command line; `*` wildcards allowed. */
  hosts?: string;
  roles?: string;
  /** Only the primary host (first host of the primary role). */
  primary?: boolean;
}

export function filterHosts(all: Host[], filter: HostFilter): Host[] {
  let selected = all;
  if (filter.roles !== undefined) {
    const patterns = patternList('--roles', filter.roles);
    const known = unionRoles(all);
    const matchedRoles = known.filter((r) => patterns.some((p) => matchesPattern(r, p)));
    if (!matchedRoles.length) throw new GantryError(`--roles ${filter.roles} matches no role (roles: ${known.join(', ')})`);
    // A host outside the chosen roles is dropped; a host in several keeps only the chosen ones.
    selected = selected
      .filter((h) => h.roles.some((r) => matchedRoles.includes(r)))
      .map((h) => ({ ...h, roles: h.roles.filter((r) => matchedRoles.includes(r)) }));
  }
  if (filter.hosts !== undefined) {
    const patterns = patternList('--hosts', filter.hosts);
    selected = selected.filter((h) => patterns.some((p) => matchesPattern(h.name, p)));
    if (!selected.length) throw new GantryError(`--hosts ${filter.hosts} matches no host (hosts: ${all.map((h) => h.name).join(', ')})`);
  }
  if (filter.primary) {
    const primary = all.find((h) => h.primary) ?? all[0];
    selected = selected.filter((h) => h.name === primary?.name);
  }
  if (!selected.length) throw new GantryError('the host filters match no host');
  return selected;
}

/** A comma list of names or `*` patterns; an empty one is an error, never "every host". */
function patternList(option: string, list: string): string[] {
  const patterns = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (!patterns.length) throw new GantryError(`${option} is empty: name at least one (comma list, * wildcards)`);
  for (const pattern of patterns) {
    const problem = nameProblem('hostPattern', pattern);
    if (problem) throw new GantryError(`${option}: ${problem}`);
  }
  return patterns;
}

function unionRoles(hosts: Host[]): string[] {
  return [...new Set(hosts.flatMap((h) => h.roles))];
}
