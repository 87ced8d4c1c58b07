/**
 * Reading Gantry's route files on the proxy host (see README-api.md): which apps have routes,
 * and which upstream an app's route points at now (the one a switch drains).
 */
import { raw } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { CADDY_CONTAINER, CADDY_STATE_DIR } from './commands.js';
import type { Json } from './routes.js';

/** Prints every route file name, one per line (none yet: empty output). */
export function caddyListRouteFiles(): Command {
  return ['docker', 'exec', CADDY_CONTAINER, 'sh', '-c', 'ls -1 "$1/routes/http" "$1/routes/https" 2> /dev/null || true', 'gantry-caddy-ls', CADDY_STATE_DIR];
}

/** Route ids from caddyListRouteFiles' output (`<rank>~<id>.json`), each once. */
export function routeIdsFromListing(stdout: string): string[] {
  const ids = stdout.split('\n').flatMap((line) => /~(.+)\.json$/.exec(line.trim())?.slice(1, 2) ?? []);
  return [...new Set(ids)];
}

/** Prints the app's stored routes, HTTPS first, one JSON document per line. */
export function caddyReadRoutes(id: string): Command {
  return ['docker', 'exec', CADDY_CONTAINER, 'sh', '-c', READ_SCRIPT, 'gantry-caddy-read', CADDY_STATE_DIR, id, raw('2> /dev/null')];
}

/** $1 state dir, $2 app id. */
export const READ_SCRIPT = 'for f in "$1"/routes/https/*~"$2".json "$1"/routes/http/*~"$2".json; do if [ -e "$f" ]; then cat "$f"; fi; done';

/** The first reverse_proxy upstream in caddyReadRoutes' output: the target serving now. */
export function currentUpstream(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const dial = firstDial(JSON.parse(line) as Json);
    if (dial) return dial;
  }
  return undefined;
}

function firstDial(value: Json): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value as readonly Json[]) {
      const dial = firstDial(item);
      if (dial) return dial;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as { readonly [key: string]: Json };
  if (record.handler === 'reverse_proxy' && Array.isArray(record.upstreams)) {
    const first = (record.upstreams as readonly Json[])[0];
    return first && typeof first === 'object' && !Array.isArray(first) ? stringOr((first as { readonly [key: string]: Json }).dial) : undefined;
  }
  return firstDial(Object.values(record));
}

function stringOr(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
