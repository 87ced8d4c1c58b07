/**
 * Waiting on Traefik, one round trip each: small POSIX sh loops on the host that read Docker's
 * health status and Traefik's API (`docker exec` into the proxy; the API listens on the
 * container's loopback only). A server is routed when the service's API entry lists
 * `http://<container address on the kamal network>:<app port>`.
 */
import type { Command } from '../../../core/transport/types.js';
import { HEALTH_STATUS_FORMAT, NETWORK } from '../../docker/api.js';
import { API_ADDRESS, TRAEFIK_CONTAINER } from './commands.js';

export const WAIT_EXIT = { done: 0, failed: 1, timeout: 2 } as const;

/** The container's address on the app network. */
export const ADDRESS_FORMAT = `{{with index .NetworkSettings.Networks "${NETWORK}"}}{{.IPAddress}}{{end}}`;

export interface RoutedWaitOptions {
  container: string;
  /** The Traefik service (the route name). */
  service: string;
  appPort: number;
  timeoutSeconds: number;
  intervalSeconds: number;
}

// Shared by both loops: $1 container, $2 service, $3 port, $4 timeout, $5 interval, $6 address format.
// `routed` succeeds when Traefik's API lists the container's server for the service.
const ROUTED_FUNCTION = `routed() {
  ip=$(docker inspect --format "$6" "$1") && [ -n "$ip" ] || return 1
  docker exec ${TRAEFIK_CONTAINER} wget -q -O - "http://${API_ADDRESS}/api/http/services/$2@docker" 2> /dev/null | grep -qF "\\"http://$ip:$3\\""
}
end=$(( $(date +%s) + $4 ))`;

// $7 health format. Unhealthy or gone fails at once; healthy and routed succeeds.
const ROUTED_SCRIPT = `${ROUTED_FUNCTION}
while :; do
  status=$(docker inspect --format "$7" "$1" 2>&1) || { echo "$status"; exit ${WAIT_EXIT.failed}; }
  case $status in
    unhealthy|exited|dead) echo "$status"; exit ${WAIT_EXIT.failed} ;;
    healthy) if routed "$@"; then echo routed; exit ${WAIT_EXIT.done}; fi; status="healthy, not routed by Traefik yet" ;;
  esac
  if [ "$(date +%s)" -ge "$end" ]; then echo "$status"; exit ${WAIT_EXIT.timeout}; fi
  sleep "$5"
done`;

const UNROUTED_SCRIPT = `${ROUTED_FUNCTION}
while routed "$@"; do
  if [ "$(date +%s)" -ge "$end" ]; then echo "still routed"; exit ${WAIT_EXIT.timeout}; fi
  sleep "$5"
done
echo unrouted`;

function words(name: string, script: string, opts: RoutedWaitOptions, extra: string[] = []): Command {
  return [
    'sh',
    '-c',
    script,
    name,
    opts.container,
    opts.service,
    String(opts.appPort),
    String(opts.timeoutSeconds),
    String(opts.intervalSeconds),
    ADDRESS_FORMAT,
    ...extra,
  ];
}

/** Until the container is healthy and Traefik routes to it ("healthy in Traefik's eyes"). */
export function waitRouted(opts: RoutedWaitOptions): Command {
  return words('gantry-traefik-routed', ROUTED_SCRIPT, opts, [HEALTH_STATUS_FORMAT]);
}

/** Until Traefik no longer routes to the container (its cord was cut): the drain. */
export function waitUnrouted(opts: RoutedWaitOptions): Command {
  return words('gantry-traefik-unrouted', UNROUTED_SCRIPT, opts);
}
