/** The environment a hook script sees (KAMAL_* for Kamal projects' scripts, GANTRY_* for ours). */
import type { RunContext } from '../../core/graph/model.js';
import { lockHeld, performer } from '../lock/api.js';

export function hookEnv(ctx: RunContext, extra: Record<string, string> = {}): Record<string, string> {
  const { config } = ctx.config;
  const values: Record<string, string | undefined> = {
    RECORDED_AT: new Date().toISOString(),
    PERFORMER: performer(ctx).email,
    VERSION: ctx.version,
    SERVICE_VERSION: `${config.service}@${ctx.version.slice(0, 7)}`,
    SERVICE: config.service,
    DESTINATION: ctx.destination,
    HOSTS: ctx.hosts.map((h) => h.name).join(','),
    ROLES: typeof ctx.options.roles === 'string' ? ctx.options.roles : undefined,
    LOCK: String(lockHeld(ctx)),
    COMMAND: ctx.graph.split(/\s+/)[0],
    SUBCOMMAND: ctx.graph.split(/\s+/)[1],
    ...extra,
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    env[`KAMAL_${key}`] = value;
    env[`GANTRY_${key}`] = value;
  }
  return env;
}

/** Every secret under its own name, for the hooks Kamal gives secrets to. */
export function secretsEnv(ctx: RunContext): Record<string, string> {
  const { secrets } = ctx.config;
  return Object.fromEntries(secrets.names().map((name) => [name, secrets.get(name)]));
}
