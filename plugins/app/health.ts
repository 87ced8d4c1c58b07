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
 */
import type { Command } from '../../core/transport/types.js';
import { HEALTH_STATUS_FORMAT } from '../docker/api.js';

export const HEALTH_WAIT_EXIT = { healthy: 0, failed: 1, timeout: 2, crashed: 3 } as const;

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
// text, so nothing in them is ever parsed by the shell.
const WAIT_SCRIPT = `read t _ </proc/uptime; end=$(( \${t%.*}\${t#*.} + $2 ))
ready=
while :; do
  state=$(docker inspect --format "$5" "$1" 2>&1) || { echo "$state"; exit 1; }
  read t _ </proc/uptime; now=\${t%.*}\${t#*.}
  case $state in
    'running 0 '*|'created 0 '*) ;;
    *) echo "\${state% *}"; exit 3 ;;
  esac
  status=\${state##* }
  case $status in
    healthy) echo healthy; exit 0 ;;
    running)
      [ -n "$ready" ] || ready=$(( now + $3 ))
      if [ "$now" -ge "$ready" ]; then echo running; exit 0; fi
      sleep "$4"; continue ;;
    unhealthy) echo unhealthy; exit 1 ;;
    *) ready= ;;
  esac
  if [ "$now" -ge "$end" ]; then echo "$status"; exit 2; fi
  sleep "$4"
done`;

const hundredths = (seconds: number): string => String(Math.round(seconds * 100));

export function waitForHealthy(opts: HealthWaitOptions): Command {
  return [
    'sh',
    '-c',
    WAIT_SCRIPT,
    'gantry-wait-healthy',
    opts.container,
    hundredths(opts.timeoutSeconds),
    hundredths(opts.readinessDelaySeconds ?? 0),
    String(opts.intervalSeconds ?? 0.1),
    BOOT_STATE_FORMAT,
  ];
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
