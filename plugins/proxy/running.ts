/** The role's running container on a host: what a restored route points at again. */
import type { RunContext } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import { appFilters } from '../app/api.js';
import { listContainers } from '../docker/api.js';
import { roleScope } from '../app/api.js';

/** Prints the id of the newest running container of the role (this app and destination only). */
export function runningContainerId(ctx: RunContext, role: string): Command {
  return listContainers({ filters: appFilters(roleScope(ctx, role), ['running']), latest: true, quiet: true });
}
