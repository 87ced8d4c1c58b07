/**
 * Waiting for a new container, in one round trip: a small POSIX sh loop on the host polls one
 * `docker inspect` every `intervalSeconds` (0.1 s by default, where Kamal backs off 1, 2, 3… s).
 * Each poll reads both the container's state and its health, so the same loop fails fast when
 * the container exits or restarts (no second loop watching it). It prints what it saw last and
 * exits with HEALTH_WAIT_EXIT.
 *
 * `healthy` succeeds at once. `running` means the image has no HEALTHCHECK: it succeeds once the
 * container is still running after `readinessDelaySeconds` (Kamal's readiness_delay). `unhealthy`
 * fails at once; a container that is not running or created, or has restarted, fails at once as
 * `crashed` with `<status> <restart count> <last exit code>`; anything else is polled until the timeout.
 * A proxied role (the proxy waits for health) starts with renameAndRun: the same rename step
 * before its `docker run`, in one round trip.
 */
import type { Command } from '../../core/transport/types.js';
import { HEALTH_STATUS_FORMAT } from '../docker/api.js';

export const HEALTH_WAIT_EXIT = { healthy: 0, failed: 1, timeout: 2, crashed: 3, runFailed: 4, renameFailed: 5 } as const;

/** `<status> <restart count> <last exit code> <health status, else status>`. */
export const BOOT_STATE_FORMAT = `{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}} ${HEALTH_STATUS_FORMAT}`;

export interface HealthWaitOptions {
  container: string;
  timeoutSeconds: number;
  /** Default 0.1. */
  intervalSeconds?: number;
  /** How long a container without a health check must stay running; default 0. */
  readinessDelaySeconds?: number;
}

// Positional parameters: $1 container, $2 timeout and $3 readiness delay (both in hundredths of
// a second, measured on /proc/uptime), $4 interval, $5 format. Values never enter the script
// text, so nothing in them is ever parsed by the shell. The deadline starts with the wait.
const PARAMETERS = 'c=$1 t=$2 r=$3 i=$4 f=$5';
const WAIT_LOOP = `read u _ </proc/uptime; end=$(( \${u%.*}\${u#*.} + t ))
ready=
while :; do
  state=$(docker inspect --format "$f" "$c" 2>&1) || { echo "$state"; exit 1; }
  read u _ </proc/uptime; now=\${u%.*}\${u#*.}
  case $state in
    'running 0 '*|'created 0 '*) ;;
    *) echo "\${state% *}"; exit 3 ;;
  esac
  status=\${state##* }
  case $status in
    healthy) echo healthy; exit 0 ;;
    running)
      [ -n "$ready" ] || ready=$(( now + r ))
      if [ "$now" -ge "$ready" ]; then echo running; exit 0; fi
      sleep "$i"; continue ;;
    unhealthy) echo unhealthy; exit 1 ;;
    *) ready= ;;
  esac
  if [ "$now" -ge "$end" ]; then echo "$status"; exit 2; fi
  sleep "$i"
done`;

const WAIT_SCRIPT = `${PARAMETERS}\n${WAIT_LOOP}`;

// $1 (when not empty) renamed to $2: a stopped container holding the new container's name. A
// failed rename prints `rename <exit code>` and exits with HEALTH_WAIT_EXIT.renameFailed (its
// stderr passed through); the two values are shifted off after it.
const RENAME_STEP = `[ -z "$1" ] || docker rename "$1" "$2" || { rc=$?; echo "rename $rc"; exit ${HEALTH_WAIT_EXIT.renameFailed}; }
shift 2`;

// The container's `docker run` ("$@"): a failed run prints `run <exit code>` and exits with
// HEALTH_WAIT_EXIT.runFailed (its stderr passed through).
const runStep = (stdout: string) => `"$@"${stdout} || { rc=$?; echo "run $rc"; exit ${HEALTH_WAIT_EXIT.runFailed}; }`;

// The wait right after the container's `docker run` (its words follow seven values), in the
// same round trip: the first poll comes as soon as `docker run` returns; the rename step before it.
const RUN_AND_WAIT_SCRIPT = `${PARAMETERS}; shift 5
${RENAME_STEP}
${runStep(' > /dev/null')}
${WAIT_LOOP}`;

// A proxied role's start: the rename step, then the `docker run`, whose stdout (the id) passes through.
const RENAME_AND_RUN_SCRIPT = `${RENAME_STEP}
${runStep('')}`;

const hundredths = (seconds: number): string => String(Math.round(seconds * 100));

const waitValues = (opts: HealthWaitOptions): string[] => [
  opts.container,
  hundredths(opts.timeoutSeconds),
  hundredths(opts.readinessDelaySeconds ?? 0),
  String(opts.intervalSeconds ?? 0.1),
  BOOT_STATE_FORMAT,
];

export function waitForHealthy(opts: HealthWaitOptions): Command {
  return ['sh', '-c', WAIT_SCRIPT, 'gantry-wait-healthy', ...waitValues(opts)];
}

/** A container to rename out of the way first (`docker rename from to`). */
export interface Rename {
  from: string;
  to: string;
}

/**
 * [`rename`, then] `run` (the container's `docker run`), then the wait of waitForHealthy, in one
 * round trip. `opts.container` is the name `run` gives the container.
 */
export function runAndWaitForHealthy(run: Command, opts: HealthWaitOptions, rename?: Rename): Command {
  return ['sh', '-c', RUN_AND_WAIT_SCRIPT, 'gantry-run-healthy', ...waitValues(opts), rename?.from ?? '', rename?.to ?? '', ...run];
}

/**
 * `rename`, then `run` (the container's `docker run`), in one round trip; prints what `run`
 * prints (the new container's id), or the failed step as runAndWaitForHealthy does.
 */
export function renameAndRun(run: Command, rename: Rename): Command {
  return ['sh', '-c', RENAME_AND_RUN_SCRIPT, 'gantry-rename-run', rename.from, rename.to, ...run];
}

/** The exit code of the failed step from runAndWaitForHealthy's or renameAndRun's output (`run <code>`, `rename <code>`). */
export function stepExitCode(stdout: string, step: 'run' | 'rename'): number | undefined {
  const match = new RegExp(`^${step} (\\d+)$`, 'm').exec(stdout);
  return match ? Number(match[1]) : undefined;
}

/** `restarting 2 3` → `exited with code 3, restarting`; docker's message as it is otherwise. */
export function describeExit(state: string): string {
  const match = /^(\S+) (\d+) (-?\d+)$/.exec(state.trim());
  if (!match) return state.trim() || 'is gone';
  const [, status, restarts, code] = match;
  const exited = `exited with code ${code}`;
  if (status === 'restarting') return `${exited}, restarting`;
  // Running again: Docker reset the exit code, only the restart count tells.
  if (status === 'running') return `exited and was restarted (${restarts} time${restarts === '1' ? '' : 's'})`;
  return status === 'exited' ? exited : `is ${status} (last exit code ${code})`;
}
