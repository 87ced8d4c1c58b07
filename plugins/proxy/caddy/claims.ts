/**
 * Which requests a Caddy route takes: one claim per (host, path prefix) it matches. Two apps on
 * one proxy claiming the same pair would be decided by route file name order, so a deploy that
 * would add a second claimant is refused instead (kamal-proxy refuses such a deploy itself).
 */
import { raw } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import { CADDY_CONTAINER, CADDY_STATE_DIR } from './commands.js';
import type { CaddyRoute, Json } from './routes.js';

/** $1 state dir. */
export const LIST_SCRIPT = 'for f in "$1"/routes/http/*.json; do if [ -e "$f" ]; then printf \'%s\\t%s\\n\' "${f##*/}" "$(cat "$f")"; fi; done';

/** Prints `<file name><TAB><route JSON>` for every stored HTTP route (every app has one). */
export function caddyListHttpRoutes(): Command {
  return ['docker', 'exec', CADDY_CONTAINER, 'sh', '-c', LIST_SCRIPT, 'gantry-caddy-routes', CADDY_STATE_DIR, raw('2> /dev/null')];
}

/**
 * caddyListHttpRoutes' listing, then the exit code says whether the host-wide frame is stored:
 * 0 yes, NO_FRAME no (a Caddy just created: the boot writes it).
 */
export function caddyHttpRoutesAndFrame(): Command {
  const script = `${LIST_SCRIPT}\n[ -e "$1/frame.json" ] || exit ${NO_FRAME}`;
  return ['docker', 'exec', CADDY_CONTAINER, 'sh', '-c', script, 'gantry-caddy-routes', CADDY_STATE_DIR];
}

export const NO_FRAME = 3;

/** `host/path` pairs (`*` for any host, `/` for every path). */
export function routeClaims(route: CaddyRoute): string[] {
  const match = Array.isArray(route.match) ? (route.match as readonly Json[])[0] : undefined;
  const matcher = (match && typeof match === 'object' && !Array.isArray(match) ? match : {}) as { readonly [key: string]: Json };
  const hosts = strings(matcher.host);
  // Each prefix is matched as `/p` and `/p/*`; the bare prefix names the claim.
  const paths = strings(matcher.path).filter((path) => !path.endsWith('/*'));
  return (hosts.length ? hosts : ['*']).flatMap((host) => (paths.length ? paths : ['/']).map((path) => `${host}${path}`));
}

export interface Claimant {
  id: string;
  claim: string;
}

/** Other apps' claims (from caddyListHttpRoutes' output) that `ownClaims` would share. */
export function sharedClaims(listing: string, ownId: string, ownClaims: readonly string[]): Claimant[] {
  const own = new Set(ownClaims);
  return listing.split('\n').flatMap((line) => {
    const [file, json] = line.split('\t');
    const id = /~(.+)\.json$/.exec(file ?? '')?.[1];
    if (!id || id === ownId || !json) return [];
    return routeClaims(JSON.parse(json) as CaddyRoute)
      .filter((claim) => own.has(claim))
      .map((claim) => ({ id, claim }));
  });
}

/** `proxy host app.test` or `every host (no proxy.host)`, with the path when not `/`. */
export function describeClaim(claim: string): string {
  const slash = claim.indexOf('/');
  const host = claim.slice(0, slash);
  const path = claim.slice(slash);
  const where = host === '*' ? 'every host (no proxy.host)' : `proxy host ${host}`;
  return path === '/' ? where : `${where}, path ${path}`;
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? (value as readonly Json[]).filter((v): v is string => typeof v === 'string') : [];
}
