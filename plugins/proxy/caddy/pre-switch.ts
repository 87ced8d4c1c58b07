/**
 * What a deploy's switch reads before it moves traffic, in one `docker exec`: the app's stored
 * routes (the upstream to drain), every app's HTTP routes (a claim another app holds refuses the
 * switch), then the health wait for the new target. The reads take milliseconds inside the
 * container; the switch can follow the health verdict at once instead of waiting for the slowest
 * of three round trips.
 */
import type { Command } from '../../../core/transport/types.js';
import { LIST_SCRIPT } from './claims.js';
import { CADDY_CONTAINER, CADDY_STATE_DIR, HEALTH_SCRIPT, type CaddyHealthWaitOptions } from './commands.js';
import { READ_SCRIPT } from './route-files.js';

/**
 * Section markers, each on a line of its own. A stored route is one line of JSON (`{…`) and a
 * listing line holds a tab, so no line of either equals a marker; each marker starts on a new
 * line even when a route file lacks its final newline.
 */
const MARKERS = { appRoutes: '@gantry:app-routes', otherRoutes: '@gantry:http-routes', health: '@gantry:health' } as const;

// $1 state dir, $2 app id, $3-$6 the health wait's URL, timeout, seconds per request, interval.
// Exits as the health wait: 0 healthy, 2 on timeout.
const SCRIPT = `state=$1 id=$2 url=$3 timeout=$4 request=$5 interval=$6
printf '\\n%s\\n' ${MARKERS.appRoutes}
set -- "$state" "$id"
${READ_SCRIPT}
printf '\\n%s\\n' ${MARKERS.otherRoutes}
set -- "$state"
${LIST_SCRIPT}
printf '\\n%s\\n' ${MARKERS.health}
set -- "$url" "$timeout" "$request" "$interval"
${HEALTH_SCRIPT}`;

export interface CaddyPreSwitchOptions extends CaddyHealthWaitOptions {
  /** The app's route id (its proxy service name). */
  id: string;
}

/** One round trip: prints the sections splitPreSwitch reads, exits as caddyWaitHealthy. */
export function caddyPreSwitch(opts: CaddyPreSwitchOptions): Command {
  return [
    'docker',
    'exec',
    CADDY_CONTAINER,
    'sh',
    '-c',
    SCRIPT,
    'gantry-caddy-pre-switch',
    CADDY_STATE_DIR,
    opts.id,
    `http://${opts.upstream}${opts.path}`,
    String(opts.timeoutSeconds),
    String(opts.requestTimeoutSeconds ?? 5),
    String(opts.intervalSeconds ?? 0.2),
  ];
}

export interface PreSwitch {
  /** As caddyReadRoutes prints them. */
  appRoutes: string;
  /** As caddyListHttpRoutes prints it. */
  otherRoutes: string;
  /** The health wait's last word (`healthy`, or what the last request said). */
  health: string;
  /** The health wait started: the reads before it ran to the end. */
  reachedHealth: boolean;
}

/** caddyPreSwitch's output in its sections; a section not printed (nothing ran: a dry run) is empty. */
export function splitPreSwitch(stdout: string): PreSwitch {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const marker = Object.entries(MARKERS).find(([, text]) => text === line)?.[0];
    if (marker && !sections[marker]) sections[marker] = current = [];
    else current?.push(line);
  }
  const text = (key: keyof typeof MARKERS) => (sections[key] ?? []).join('\n').trim();
  return { appRoutes: text('appRoutes'), otherRoutes: text('otherRoutes'), health: text('health'), reachedHealth: sections.health !== undefined };
}
