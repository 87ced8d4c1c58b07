/**
 * Waits for a non-proxied container (or any role without a proxy plugin) in one round trip; on
 * failure (unhealthy, timed out, or exited/restarted meanwhile) the error carries the status
 * seen and the container's last log lines. Also a proxied role's rename + `docker run` in one.
 */
import { CommandError, GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { toShell } from '../../core/transport/quote.js';
import type { Command, ExecResult } from '../../core/transport/types.js';
import { containerLogs, renameContainer } from '../docker/api.js';
import { HEALTH_WAIT_EXIT, describeExit, renameAndRun, runAndWaitForHealthy, stepExitCode, waitForHealthy, type HealthWaitOptions, type Rename } from './health.js';
import { DEFAULT_DEPLOY_TIMEOUT, DEFAULT_READINESS_DELAY } from './settings.js';

const LOG_LINES = 50;

export async function waitUntilHealthy(env: TaskEnv, container: string): Promise<void> {
  const opts = waitOptions(env, container);
  await judge(env, container, opts.timeoutSeconds, await env.probe(waitForHealthy(opts)));
}

/** The rename before the `docker run` failed: nothing was started. */
export class RenameFailedError extends CommandError {
  override name = 'RenameFailedError';
}

/**
 * [Renames `rename.from` out of the way,] starts the container with `run` (its `docker run`,
 * naming it `container`) and waits for it, in one round trip. A failed rename or `docker run`
 * fails as that command would have alone: host, command, exit code and stderr.
 */
export async function startAndWaitUntilHealthy(env: TaskEnv, container: string, run: Command, rename?: Rename): Promise<void> {
  const opts = waitOptions(env, container);
  const result = await env.probe(runAndWaitForHealthy(run, opts, rename));
  throwFailedStep(env, result, run, rename);
  await judge(env, container, opts.timeoutSeconds, result);
}

/**
 * Renames `rename.from` out of the way and starts the container with `run`, in one round trip;
 * returns what `run` printed (the id). Failures are reported as startAndWaitUntilHealthy's.
 */
export async function renameAndStart(env: TaskEnv, run: Command, rename: Rename): Promise<string> {
  // Captured as the `docker run` alone is: the id is a value, not a progress line.
  try {
    return await env.capture(renameAndRun(run, rename));
  } catch (error) {
    if (error instanceof CommandError) throwFailedStep(env, error, run, rename);
    throw error;
  }
}

/** A failed rename or `docker run` inside a combined script, as that command alone would have failed. */
function throwFailedStep(env: TaskEnv, result: Pick<ExecResult, 'code' | 'stdout' | 'stderr'>, run: Command, rename: Rename | undefined): void {
  const host = env.host?.name ?? 'local';
  if (rename && result.code === HEALTH_WAIT_EXIT.renameFailed) {
    throw new RenameFailedError(host, toShell(renameContainer(rename.from, rename.to)), stepExitCode(result.stdout, 'rename') ?? null, result.stderr);
  }
  if (result.code === HEALTH_WAIT_EXIT.runFailed) throw new CommandError(host, toShell(run), stepExitCode(result.stdout, 'run') ?? null, result.stderr);
}

function waitOptions(env: TaskEnv, container: string): HealthWaitOptions {
  const { config } = env.ctx.config;
  return { container, timeoutSeconds: config.deploy_timeout ?? DEFAULT_DEPLOY_TIMEOUT, readinessDelaySeconds: config.readiness_delay ?? DEFAULT_READINESS_DELAY };
}

/** Passes a healthy wait; fails with the status seen and the container's last logs otherwise. */
async function judge(env: TaskEnv, container: string, timeoutSeconds: number, result: ExecResult): Promise<void> {
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
