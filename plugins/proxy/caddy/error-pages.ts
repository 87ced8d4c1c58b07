/**
 * `error_pages_path` for the Caddy driver, as kamal-proxy serves it: when the proxy itself answers
 * with an error (the app unreachable: 502, no healthy target: 503, maintenance: 503, a timeout:
 * 504), the page `<status>.html` of the deployed version is sent with that status. The app's own
 * error responses pass through unchanged. Pages live in the config volume, one directory per
 * version; the route's subroute `errors` block serves them, so no host-wide config changes.
 */
import { posix } from 'node:path';
import type { Command } from '../../../core/transport/types.js';
import { CADDY_CONTAINER, CADDY_STATE_DIR } from './commands.js';
import type { CaddyRoute, Json } from './routes.js';

/** `<state>/apps/<service>[-<destination>]`: an app's files inside the proxy container. */
export function caddyAppDirectory(app: string): string {
  return posix.join(CADDY_STATE_DIR, 'apps', app);
}

export function caddyErrorPagesRoot(app: string): string {
  return posix.join(caddyAppDirectory(app), 'error_pages');
}

export function caddyErrorPagesDirectory(app: string, version: string): string {
  return posix.join(caddyErrorPagesRoot(app), version);
}

/**
 * Writes stdin to `path` inside the proxy container (directories made), with `umask` deciding
 * the mode: 077 keeps a key readable by Caddy (root in the container) only.
 */
export function caddyPutFile(path: string, umask: '022' | '077'): Command {
  return ['docker', 'exec', '-i', CADDY_CONTAINER, 'sh', '-c', 'umask "$1" && mkdir -p "${2%/*}" && cat > "$2"', 'gantry-caddy-put', umask, path];
}

/** Removes every other version's pages once this version serves. */
export function caddyCleanUpErrorPages(app: string, version: string): Command {
  const root = caddyErrorPagesRoot(app);
  return ['docker', 'exec', CADDY_CONTAINER, 'find', root, '-mindepth', '1', '-maxdepth', '1', '!', '-name', version, '-exec', 'rm', '-rf', '{}', '+'];
}

/** The errors route: `<status>.html` from `directory` with the error's status; no page, Caddy's empty error. */
export function errorPageRoute(directory: string): CaddyRoute {
  return {
    match: [{ file: { root: directory, try_files: ['/{http.error.status_code}.html'] } }],
    handle: [
      { handler: 'rewrite', uri: '{http.matchers.file.relative}' },
      { handler: 'file_server', root: directory, status_code: '{http.error.status_code}' },
    ],
  };
}

/** `handle` wrapped so that errors raised in it get the pages (unchanged without pages). */
export function withErrorPages(handle: readonly Json[], directory: string | undefined, fallback: readonly CaddyRoute[] = []): Json[] {
  if (!directory) return [...handle];
  return [{ handler: 'subroute', routes: [{ handle: [...handle] }], errors: { routes: [errorPageRoute(directory), ...fallback] } }];
}

/** The pages directory a stored route serves from (see caddyReadRoutes), to keep it across maintenance/live. */
export function currentErrorPages(stdout: string): string | undefined {
  const found = /"handler":"file_server","root":"([^"]+)"/.exec(stdout);
  return found?.[1];
}
