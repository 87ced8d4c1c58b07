/**
 * Rolling boots: `boot.limit` splits the app hosts into groups booted one after another,
 * primary-role hosts first (Kamal's `host_boot_groups`).
 */

/** A number of hosts, or a percentage of them (`"25%"`, rounded down, at least 1). */
export type BootLimit = number | string;

export function bootGroups<T>(hosts: readonly T[], limit: BootLimit | undefined): T[][] {
  if (!hosts.length) return [];
  const size = groupSize(hosts.length, limit);
  const groups: T[][] = [];
  for (let i = 0; i < hosts.length; i += size) groups.push(hosts.slice(i, i + size));
  return groups;
}

function groupSize(count: number, limit: BootLimit | undefined): number {
  if (limit === undefined) return count;
  if (typeof limit === 'number') return Math.max(1, limit);
  return Math.max(1, Math.floor((count * Number.parseInt(limit, 10)) / 100));
}
