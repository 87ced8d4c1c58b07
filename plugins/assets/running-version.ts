/** The version the role runs on a host now: the newest running container's name, minus its prefix. */
import type { RunContext } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import { appFilters, versionFromContainerName } from '../app/api.js';
import { listContainers } from '../docker/api.js';
import { roleScope } from '../app/api.js';

export function runningContainerName(ctx: RunContext, role: string): Command {
  return listContainers({ filters: appFilters(roleScope(ctx, role), ['running']), latest: true, format: '{{.Names}}' });
}

/** A container renamed out of the way (`<version>_replaced_<hex>`) still serves its version's assets. */
export function versionOf(ctx: RunContext, role: string, name: string): string | undefined {
  const version = versionFromContainerName(roleScope(ctx, role), name.trim());
  return version?.replace(/_replaced_[0-9a-f]+$/, '');
}
