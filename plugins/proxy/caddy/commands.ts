/**
 * Caddy driver argv: one shared `gantry-caddy` container per proxy host, on the `kamal` network,
 * with its admin API on localhost:2019 inside the container only. Everything here needs nothing
 * but the stock `caddy` image (the caddy binary and busybox); see README-api.md for the design.
 *
 * The scripts take every value as a positional parameter, so no value is ever parsed as shell.
 */
import { or, raw } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { containerDetails, optionArgs, type DockerOptions } from '../../docker/api.js';
import { proxyContainerRun, type PublishOptions } from '../publish.js';
import { HTTP_ROUTES_SLOT, HTTPS_ROUTES_SLOT, type CaddyAppRoutes } from './routes.js';

export const CADDY_CONTAINER = 'gantry-caddy';
export const DEFAULT_CADDY_IMAGE = 'caddy:2.10-alpine';
/** Gantry's state inside the config volume: frame.json, routes/{http,https}/*.json and certs/*.pem. */
export const CADDY_STATE_DIR = '/config/gantry';
/** Custom certificates, one `<app id>.pem` (certificate chain, then key; mode 0600) per app, loaded by the frame's `load_folders`. */
export const CADDY_CERTS_DIR = `${CADDY_STATE_DIR}/certs`;

/** What a route change does with the app's custom certificate: written from stdin, left as it is, or removed. */
export type CertificateChange = 'write' | 'keep' | 'remove';

export interface CaddyRunOptions extends PublishOptions {
  /** Default DEFAULT_CADDY_IMAGE. */
  image?: string;
  /** Default `10m`; empty sets no limit. */
  logMaxSize?: string;
  options?: DockerOptions;
}

/**
 * Every config load makes Caddy (on Linux) open a new SO_REUSEPORT listener and close the old one;
 * the kernel resets the connections still queued on the closed socket unless
 * net.ipv4.tcp_migrate_req hands them to the new one (measured with Caddy 2.6.2, 16 clients on
 * fresh connections: 830 resets over 510 loads without it, 2 with it). The key exists from Linux
 * 5.14 on and is per network namespace; on an older kernel the flag is left out.
 */
const MIGRATE_QUEUED_CONNECTIONS = raw('$(test -e /proc/sys/net/ipv4/tcp_migrate_req && echo --sysctl=net.ipv4.tcp_migrate_req=1)');

/**
 * `caddy run --resume` starts from the config Caddy saved last (in the config volume), so a
 * restarted proxy serves every app at once; a new one starts empty until the first route is set.
 */
export function caddyRun(opts: CaddyRunOptions = {}): Command {
  return [
    ...proxyContainerRun(CADDY_CONTAINER, ['--volume', 'gantry-caddy-data:/data', '--volume', 'gantry-caddy-config:/config'], opts),
    MIGRATE_QUEUED_CONNECTIONS,
    ...optionArgs(opts.options ?? {}),
    opts.image ?? DEFAULT_CADDY_IMAGE,
    'caddy',
    'run',
    '--resume',
  ];
}

export function caddyStart(): Command {
  return ['docker', 'container', 'start', CADDY_CONTAINER];
}

/** A running proxy is never restarted (other apps' traffic goes through it). */
export function caddyStartOrRun(opts: CaddyRunOptions = {}): Command {
  return or([...caddyStart(), raw('2> /dev/null')], caddyRun(opts));
}

export function caddyStop(): Command {
  return ['docker', 'container', 'stop', CADDY_CONTAINER];
}

export function caddyRemove(): Command {
  return ['docker', 'container', 'rm', '--force', CADDY_CONTAINER];
}

export function caddyDetails(): Command {
  return containerDetails(CADDY_CONTAINER);
}


/*
 * Applies a change under an exclusive lock (concurrent deploys of different apps), then loads the
 * whole config at once: the frame with every stored route spliced into its slots, in file name
 * order. Any failure, Caddy rejecting the result included, restores the previous files, so a bad
 * change never sticks. The load is a POST to the admin API with the image's busybox wget (a
 * `caddy reload` starts a second Caddy process only to send it: ≈1 s more per change on the
 * loaded test bed); as wget
 * does not show why Caddy refused a config, `caddy validate` of the same file then tells. Right
 * after `docker run` the admin API may not listen yet, so the load is retried for up to 5 s
 * while the connection is refused.
 * $1 state dir, $2 new frame or '', $3 app id or '' (then $4/$5 HTTP file and JSON, $6/$7 HTTPS
 * file and JSON; an empty file name means no route on that server), $8/$9 the frame's slots,
 * $10 the app's certificate (CertificateChange; `write` reads the PEM bundle from stdin, so the
 * key is never an argument). A broken certificate makes Caddy refuse the load, and is taken back.
 */
const APPLY_SCRIPT = `set -e
mkdir -p "$1/routes/http" "$1/routes/https" "$1/certs"
cd "$1"
exec 9>> lock
if command -v flock > /dev/null; then flock 9; fi
if [ -z "$2" ] && [ ! -e frame.json ]; then echo "gantry-caddy: no frame.json in $1: boot the proxy with Gantry first" >&2; exit 1; fi
if [ "\${10}" = write ] && ! grep -q '"load_folders"' frame.json; then
  echo "gantry-caddy: this proxy was booted by a Gantry without custom certificates: run gantry proxy reboot" >&2; exit 1
fi
rm -rf previous && mkdir previous && cp -a routes certs previous/
if [ -e frame.json ]; then cp frame.json previous/; fi
restore() {
  rm -rf routes certs frame.json && mv previous/routes routes && mv previous/certs certs
  if [ -e previous/frame.json ]; then mv previous/frame.json frame.json; fi
}
applied=
trap 'if [ -z "$applied" ]; then restore; fi' EXIT
if [ -n "$2" ]; then printf '%s\\n' "$2" > frame.json; fi
if [ -n "$3" ]; then
  rm -f routes/http/*~"$3".json routes/https/*~"$3".json
  if [ -n "$4" ]; then printf '%s\\n' "$5" > "routes/http/$4"; fi
  if [ -n "$6" ]; then printf '%s\\n' "$7" > "routes/https/$6"; fi
  case "\${10}" in
    write) (umask 077 && cat > "certs/$3.pem") ;;
    remove) rm -f "certs/$3.pem" ;;
  esac
fi
joined() { for f in routes/"$1"/*.json; do if [ -e "$f" ]; then printf '%s,' "$(cat "$f")"; fi; done; }
frame=$(cat frame.json)
http_slot="\\"$8\\","
https_slot="\\"$9\\","
head=\${frame%%"$http_slot"*}
rest=\${frame#*"$http_slot"}
middle=\${rest%%"$https_slot"*}
tail=\${rest#*"$https_slot"}
printf '%s%s%s%s%s\\n' "$head" "$(joined http)" "$middle" "$(joined https)" "$tail" > caddy.json
tries=0
until out=$(wget -q -O /dev/null --header 'Content-Type: application/json' --post-file caddy.json http://localhost:2019/load 2>&1); do
  tries=$((tries + 1))
  case $out in *[Cc]'onnection refused'*) [ "$tries" -lt 50 ] && { sleep 0.1; continue; } ;; esac
  echo "$out" >&2
  caddy validate --config caddy.json >&2 2>&1 || true
  exit 1
done
applied=1
rm -rf previous`;

/** Stores the host-wide frame (see caddyFrame) and reloads with it. Run after booting Caddy. */
export function caddyWriteFrame(frame: string): Command {
  return apply(frame, ['', '', '', '', ''], 'keep');
}

/**
 * Replaces the app's routes (found by id) and reloads; other apps' routes are untouched.
 * `certificate: 'write'` stores the app's custom certificate from the command's stdin (the
 * certificate chain, then the private key, PEM), mode 0600; `remove` drops one stored before.
 */
export function caddySetRoutes(routes: CaddyAppRoutes, certificate: CertificateChange): Command {
  return apply('', routeChange(routes), certificate);
}

/** Removes the app's routes and its custom certificate, and reloads. */
export function caddyRemoveRoutes(id: string): Command {
  return apply('', [id, '', '', '', ''], 'remove');
}

// $1 apply script, $2 drain script, $3-$5 the drain's parameters, then the apply's.
const SWITCH_SCRIPT = `apply=$1 drain=$2 upstream=$3 timeout=$4 interval=$5
shift 5
sh -c "$apply" gantry-caddy-apply "$@" || exit 1
# One interval first: a connection the old server accepted just before the load is counted only
# once its request reaches the proxy handler.
sleep "$interval"
exec sh -c "$drain" gantry-caddy-drain "$upstream" "$timeout" "$interval"`;

/**
 * A deploy's switch in one round trip: caddySetRoutes, then, once Caddy took the new routes, waits
 * until Caddy has no request in flight to the replaced upstream (from the admin API's upstream
 * counters), so stopping the old container cuts nobody off. Exits 0 when switched and drained,
 * 2 when switched but the old upstream still had requests in flight at the drain timeout, and 1
 * (the apply's error on stderr) when the routes were not changed.
 */
export function caddySwitchRoutes(routes: CaddyAppRoutes, certificate: CertificateChange, drain: CaddyDrainWaitOptions): Command {
  return execIn(certificate, ['sh', '-c', SWITCH_SCRIPT, 'gantry-caddy-switch', APPLY_SCRIPT, DRAIN_SCRIPT, ...drainArgs(drain), ...applyArgs('', routeChange(routes), certificate)]);
}

function routeChange(routes: CaddyAppRoutes): string[] {
  const stored = (route: CaddyAppRoutes['http']): [string, string] => (route ? [routes.fileName, JSON.stringify(route)] : ['', '']);
  return [routes.id, ...stored(routes.http), ...stored(routes.https)];
}

function applyArgs(frame: string, change: readonly string[], certificate: CertificateChange): string[] {
  return [CADDY_STATE_DIR, frame, ...change, HTTP_ROUTES_SLOT, HTTPS_ROUTES_SLOT, certificate];
}

function apply(frame: string, change: readonly string[], certificate: CertificateChange): Command {
  return execIn(certificate, ['sh', '-c', APPLY_SCRIPT, 'gantry-caddy-apply', ...applyArgs(frame, change, certificate)]);
}

// -i only when the certificate comes on stdin: otherwise docker exec would wait for input.
function execIn(certificate: CertificateChange, script: readonly string[]): Command {
  return certificate === 'write' ? ['docker', 'exec', '-i', CADDY_CONTAINER, ...script] : caddyExec(script);
}

// $1 URL, $2 timeout, $3 seconds per request, $4 interval. Exits 0 healthy, 2 on timeout.
// `timeout` rather than wget's own -T, which crashes some busybox builds (Debian's 1.35).
export const HEALTH_SCRIPT = `end=$(( $(date +%s) + $2 ))
while :; do
  if out=$(timeout "$3" wget -q -O /dev/null "$1" 2>&1); then echo healthy; exit 0; fi
  if [ "$(date +%s)" -ge "$end" ]; then echo "\${out:-unhealthy}"; exit 2; fi
  sleep "$4"
done`;

export interface CaddyHealthWaitOptions {
  /** `<container>:<port>`, as in the route. */
  upstream: string;
  path: string;
  timeoutSeconds: number;
  /** Per request; default 5. */
  requestTimeoutSeconds?: number;
  /** Default 0.2. */
  intervalSeconds?: number;
}

/**
 * Waits, from inside the proxy container (so through the same network and DNS the proxy will
 * use), until the new container answers its health path with a 2xx. Run before setting routes.
 */
export function caddyWaitHealthy(opts: CaddyHealthWaitOptions): Command {
  return caddyExec([
    'sh',
    '-c',
    HEALTH_SCRIPT,
    'gantry-caddy-health',
    `http://${opts.upstream}${opts.path}`,
    String(opts.timeoutSeconds),
    String(opts.requestTimeoutSeconds ?? 5),
    String(opts.intervalSeconds ?? 0.2),
  ]);
}

// $1 upstream, $2 timeout, $3 interval. Exits 0 when drained, 2 on timeout.
const DRAIN_SCRIPT = `end=$(( $(date +%s) + $2 ))
while timeout 5 wget -q -O - http://localhost:2019/reverse_proxy/upstreams 2> /dev/null | tr '}' '\\n' | grep -F "\\"address\\":\\"$1\\"" | grep -q '"num_requests":[1-9]'; do
  if [ "$(date +%s)" -ge "$end" ]; then echo busy; exit 2; fi
  sleep "$3"
done
echo drained`;

export interface CaddyDrainWaitOptions {
  /** The old container's upstream, `<container>:<port>`. */
  upstream: string;
  timeoutSeconds: number;
  /** Default 0.2. */
  intervalSeconds?: number;
}

function drainArgs(opts: CaddyDrainWaitOptions): string[] {
  return [opts.upstream, String(opts.timeoutSeconds), String(opts.intervalSeconds ?? 0.2)];
}

function caddyExec(cmd: readonly string[]): Command {
  return ['docker', 'exec', CADDY_CONTAINER, ...cmd];
}
