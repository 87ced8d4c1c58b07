/** The role's running container on a host: what a restored route points at again. */
import type { RunContext } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import { appFilters } from '../app/naming.js';
import { listContainers } from '../docker/commands.js';
import { roleScope } from '../deploy-context.js';

/** Prints the id of the newest running container of the role (this app and destination only). */
export function runningContainerId(ctx: RunContext, role: string): Command {
  return listContainers({ filters: appFilters(roleScope(ctx, role), ['running']), latest: true, quiet: true });
}
