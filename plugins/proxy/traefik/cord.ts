/**
 * The cord (Kamal 1): every routed container mounts a directory of its own from the host holding
 * one file, `cord`. Its Docker health check fails once the file is gone, and Traefik's docker
 * provider routes healthy containers only, so removing the directory ("cutting the cord") takes
 * a container out of the routing without stopping it.
 */
import { posix } from 'node:path';
import { and, quoteWord } from '../../../core/transport/quote.js';
import type { Command, Word } from '../../../core/transport/types.js';
import { volumeArgs } from '../../docker/api.js';

/** Where the cord directory is mounted inside the container. */
export const CORD_MOUNT = '/tmp/gantry-cord';
export const CORD_FILE = 'cord';

/** `<app dir>/cords`: every cord directory of the app sits here (and only these are ever removed). */
export function cordsRoot(appDirectory: string): string {
  return posix.join(appDirectory, 'cords');
}

export function prepareCord(directory: string): Command {
  return and(['mkdir', '-p', directory], ['touch', posix.join(directory, CORD_FILE)]);
}

export interface CordHealth {
  appPort: number;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
}

/**
 * The cord mount and the health check: the cord must be there, and the app must answer 2xx on
 * its health path (curl, or wget where the image has only that).
 */
export function cordRunArgs(directory: string, health: CordHealth): Word[] {
  const url = quoteWord(`http://localhost:${health.appPort}${health.path}`);
  const seconds = health.timeoutSeconds;
  const check =
    `test -f ${CORD_MOUNT}/${CORD_FILE} && ` +
    `(curl -fsS -o /dev/null --max-time ${seconds} ${url} || wget -q -O /dev/null -T ${seconds} ${url})`;
  return [
    ...volumeArgs(directory, CORD_MOUNT),
    '--health-cmd',
    check,
    '--health-interval',
    `${health.intervalSeconds}s`,
    '--health-timeout',
    `${health.timeoutSeconds}s`,
  ];
}

/** The host directory mounted at CORD_MOUNT, from `docker inspect`. */
export const CORD_SOURCE_FORMAT = `{{range .Mounts}}{{if eq .Destination "${CORD_MOUNT}"}}{{.Source}}{{end}}{{end}}`;

/** cutCord exits with this when the container has no cord under the root (Traefik never routed it). */
export const NO_CORD = 3;

// $1 container, $2 inspect format, $3 cords root (relative roots are under the login directory,
// as the mount source is absolute). Only a directory under the root is ever removed.
const CUT_SCRIPT = `dir=$(docker inspect --format "$2" "$1") || exit 1
case $3 in /*) root=$3 ;; *) root=$PWD/$3 ;; esac
case $dir in "$root"/*) rm -rf "$dir" ;; *) echo "$1 has no cord under $root"; exit ${NO_CORD} ;; esac`;

// Same arguments. A stopped container's cord may have been cut (`app stop`); `docker start`
// recreates the mounted directory empty, so the file is laid again before Traefik can route it.
const TIE_SCRIPT = `dir=$(docker inspect --format "$2" "$1") || exit 1
case $3 in /*) root=$3 ;; *) root=$PWD/$3 ;; esac
case $dir in "$root"/*) mkdir -p "$dir" && touch "$dir/${CORD_FILE}" ;; *) echo "$1 has no cord under $root"; exit ${NO_CORD} ;; esac`;

/** Ties a container's cord again (the file back in its directory): its health check can pass. */
export function tieCord(container: string, root: string): Command {
  return ['sh', '-c', TIE_SCRIPT, 'gantry-tie-cord', container, CORD_SOURCE_FORMAT, root];
}

/** Cuts a container's cord: its health check fails from now on, and Traefik stops routing to it. */
export function cutCord(container: string, root: string): Command {
  return ['sh', '-c', CUT_SCRIPT, 'gantry-cut-cord', container, CORD_SOURCE_FORMAT, root];
}
