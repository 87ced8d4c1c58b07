/** The Caddy image from `proxy.run.registry/repository/version` (a test bed brings its own build). */
import { DEFAULT_CADDY_IMAGE } from './commands.js';

export interface CaddyImageOptions {
  registry?: string;
  repository?: string;
  version?: string;
}

export function caddyImage(opts: CaddyImageOptions): string {
  if (!opts.registry && !opts.repository && !opts.version) return DEFAULT_CADDY_IMAGE;
  const [defaultRepository, defaultVersion] = DEFAULT_CADDY_IMAGE.split(':') as [string, string];
  const repository = [opts.registry, opts.repository ?? defaultRepository].filter(Boolean).join('/');
  return `${repository}:${opts.version ?? defaultVersion}`;
}
