/**
 * Waiting for a new container, in one round trip: a small POSIX sh loop on the host polls
 * `docker inspect` every `intervalSeconds` (0.1 s by default, where Kamal backs off 1, 2, 3… s).
 * It prints the last status seen and exits with HEALTH_WAIT_EXIT.
 *
 * `healthy` succeeds at once. `running` means the image has no HEALTHCHECK: it succeeds once the
 * container is still running after `readinessDelaySeconds` (Kamal's readiness_delay).
 * `unhealthy`, `exited` and `dead` fail at once; anything else is polled until the timeout.
 */
import type { Command } from '../../core/transport/types.js';
import { HEALTH_STATUS_FORMAT } from '../docker/api.js';

export const HEALTH_WAIT_EXIT = { healthy: 0, failed: 1, timeout: 2 } as const;

export interface HealthWaitOptions {
  container: string;
  timeoutSeconds: number;
  /** Default 0.1. */
  intervalSeconds?: number;
  /** How long a container without a health check must stay running; default 0. */
  readinessDelaySeconds?: number;
}

// Positional parameters: $1 container, $2 timeout, $3 readiness delay, $4 interval, $5 format.
// Values never enter the script text, so nothing in them is ever parsed by the shell.
const WAIT_SCRIPT = `end=$(( $(date +%s) + $2 ))
ready=
while :; do
  status=$(docker inspect --format "$5" "$1" 2>&1) || { echo "$status"; exit 1; }
  case $status in
    healthy) echo healthy; exit 0 ;;
    running)
      if [ -n "$ready" ] || [ "$3" = 0 ]; then echo running; exit 0; fi
      ready=1; sleep "$3"; continue ;;
    unhealthy|exited|dead) echo "$status"; exit 1 ;;
    *) ready= ;;
  esac
  if [ "$(date +%s)" -ge "$end" ]; then echo "$status"; exit 2; fi
  sleep "$4"
done`;

export function waitForHealthy(opts: HealthWaitOptions): Command {
  return [
    'sh',
    '-c',
    WAIT_SCRIPT,
    'gantry-wait-healthy',
    opts.container,
    String(opts.timeoutSeconds),
    String(opts.readinessDelaySeconds ?? 0),
    String(opts.intervalSeconds ?? 0.1),
    HEALTH_STATUS_FORMAT,
  ];
}
