/**
 * Waits for a non-proxied container (or any role without a proxy plugin) in one round trip; on
 * failure (unhealthy, timed out, or exited/restarted meanwhile) the error carries the status
 * seen and the container's last log lines.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { containerLogs } from '../docker/api.js';
import { HEALTH_WAIT_EXIT, describeExit, waitForHealthy } from './health.js';
import { DEFAULT_DEPLOY_TIMEOUT, DEFAULT_READINESS_DELAY } from './settings.js';

const LOG_LINES = 50;

export async function waitUntilHealthy(env: TaskEnv, container: string): Promise<void> {
  const { config } = env.ctx.config;
  const timeoutSeconds = config.deploy_timeout ?? DEFAULT_DEPLOY_TIMEOUT;
  const result = await env.probe(
    waitForHealthy({ container, timeoutSeconds, readinessDelaySeconds: config.readiness_delay ?? DEFAULT_READINESS_DELAY }),
  );
  if (result.code === HEALTH_WAIT_EXIT.healthy) return;
  if (result.code === HEALTH_WAIT_EXIT.crashed) throw new GantryError(`container ${container} ${describeExit(result.stdout)}${await lastLogs(env, container)}`);
  const status = result.stdout.trim() || result.stderr.trim() || 'unknown';
  const why = result.code === HEALTH_WAIT_EXIT.timeout ? `not healthy after ${timeoutSeconds}s` : 'failed its health check';
  throw new GantryError(`container ${container} ${why} (\`docker inspect ${container}\`: ${status})${await lastLogs(env, container)}`);
}

/** The container's last log lines, as a suffix for an error message. */
export async function lastLogs(env: TaskEnv, container: string): Promise<string> {
  const logs = await env.probe(containerLogs(container, { lines: LOG_LINES }));
  const text = logs.stdout.trimEnd();
  return text ? `\nlast ${LOG_LINES} log lines of ${container}:\n${text}` : `\n(no logs from ${container})`;
}
