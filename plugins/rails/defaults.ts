/**
 * What a Rails app generated with Kamal needs beyond service/image/servers/registry, filled in
 * where the config is silent (the config's own values always win): the `jobs` role's command,
 * the app port from the Dockerfile (Thruster → 80, else 3000), the storage volume, and
 * RAILS_MASTER_KEY as a secret when one is available.
 */
import type { GantryConfig } from '../../schemas/index.js';

type Hash = Record<string, unknown>;

const isHash = (value: unknown): value is Hash => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `jobs` role without `cmd` runs Solid Queue's `bin/jobs`. */
export function withJobsCommand(config: GantryConfig): GantryConfig {
  const servers = config.servers as unknown;
  if (!isHash(servers) || !('jobs' in servers)) return config;
  const jobs = servers.jobs;
  const role = Array.isArray(jobs) ? { hosts: jobs } : isHash(jobs) ? jobs : undefined;
  if (!role || role.cmd !== undefined) return config;
  return { ...config, servers: { ...servers, jobs: { ...role, cmd: 'bin/jobs' } } } as GantryConfig;
}

/** Rails 8's Dockerfile starts Thruster on port 80; an older one runs Puma on 3000. */
export function withAppPort(config: GantryConfig, dockerfile: string | undefined): GantryConfig {
  if (dockerfile === undefined || config.proxy?.app_port !== undefined || /\bthrust\b/.test(dockerfile) || !/^\s*EXPOSE\s+3000\b/m.test(dockerfile)) return config;
  return { ...config, proxy: { ...config.proxy, app_port: 3000 } } as GantryConfig;
}

/** Kamal's generator mounts `<service>_storage` at /rails/storage (SQLite databases, Active Storage files) in every app container. */
export function withStorageVolume(config: GantryConfig): GantryConfig {
  if (config.volumes !== undefined) return config;
  return { ...config, volumes: [`${config.service}_storage:/rails/storage`] };
}

export const MASTER_KEY = 'RAILS_MASTER_KEY';

/** RAILS_MASTER_KEY joins the secret env when one is available and the config does not set it. */
export function withMasterKey(config: GantryConfig, available: boolean): GantryConfig {
  const env = (config.env ?? {}) as { clear?: Hash; secret?: string[] };
  if (!available || env.clear?.[MASTER_KEY] !== undefined || env.secret?.includes(MASTER_KEY)) return config;
  return { ...config, env: { ...env, secret: [...(env.secret ?? []), MASTER_KEY] } } as GantryConfig;
}

/** Kamal's generator writes these aliases into config/deploy.yml. */
export const RAILS_ALIASES = {
  console: 'app exec --interactive --reuse "bin/rails console"',
  shell: 'app exec --interactive --reuse "bash"',
  logs: 'app logs -f',
  dbc: 'app exec --interactive --reuse "bin/rails dbconsole"',
};
