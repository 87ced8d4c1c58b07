/** The error a failed switch rejects with: what the proxy said, then the new container's logs. */
import type { TaskEnv } from '../../core/graph/model.js';
import { GantryError } from '../../core/errors.js';
import { containerLogs } from '../docker/api.js';

export const FAILURE_LOG_LINES = 50;

export async function switchFailure(env: TaskEnv, container: string, reason: string): Promise<GantryError> {
  const logs = await env.probe(containerLogs(container, { lines: FAILURE_LOG_LINES }));
  const tail = logs.stdout.trim() || '(no output)';
  return new GantryError(
    `${container} on ${env.host?.name ?? 'localhost'} did not become healthy; the old container keeps serving.\n` +
      `${reason.trim()}\nLast ${FAILURE_LOG_LINES} log lines of ${container}:\n${tail}`,
  );
}
