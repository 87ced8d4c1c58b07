/**
 * A role's container settings on one host, read from config the way Kamal merges them: env
 * root → role → host tags, logging role over root, labels root + role, the role's options, cmd
 * and stop timeout.
 */
import type { RunContext } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import type { DockerOptions } from '../docker/api.js';
import { isProxied, roleSection } from './context.js';
import { splitCommandLine } from '../../core/command-line.js';
import type { LoggingOptions } from './commands.js';
import { mergeEnv, type EnvLayer, type MergedEnv } from './env.js';

/** Schema defaults, applied here too so a config that skipped validation defaults behaves the same. */
export const DEFAULT_READINESS_DELAY = 7;
export const DEFAULT_DEPLOY_TIMEOUT = 30;
export const DEFAULT_DRAIN_TIMEOUT = 30;

type Scalar = string | number | boolean;
type ScalarMap = Readonly<Record<string, Scalar>>;
type EnvSection = ScalarMap | { clear?: ScalarMap; secret?: readonly string[] };
type LoggingSection = { driver?: string; options?: Readonly<Record<string, Scalar | readonly Scalar[]>> };

export interface RoleSettings {
  env: MergedEnv;
  logging?: LoggingOptions;
  volumes: string[];
  labels: Record<string, string>;
  options: DockerOptions;
  cmd?: string[];
  /** Seconds for `docker stop` of the old container; undefined = Docker's default. */
  stopTimeout?: number;
}

export function roleSettings(ctx: RunContext, role: string, host: Host): RoleSettings {
  const { config } = ctx.config;
  const section = roleSection(ctx, role);
  const rootEnv = config.env as (EnvSection & { tags?: Readonly<Record<string, EnvSection>> }) | undefined;
  const tagLayers = host.tags.flatMap((tag) => (rootEnv?.tags?.[tag] ? [envLayer(rootEnv.tags[tag])] : []));
  return {
    env: mergeEnv(envLayer(rootEnv), envLayer(section.env as EnvSection | undefined), ...tagLayers),
    logging: mergeLogging(config.logging, section.logging),
    volumes: [...(config.volumes ?? [])],
    labels: stringValues({ ...config.labels, ...section.labels }),
    options: section.options ?? {},
    cmd: section.cmd === undefined ? undefined : splitCommandLine(section.cmd),
    stopTimeout: section.stop_timeout ?? config.stop_timeout ?? (isProxied(ctx, role) ? undefined : (config.drain_timeout ?? DEFAULT_DRAIN_TIMEOUT)),
  };
}

/** A flat env hash is all clear; a structured one has `clear`/`secret` (root `tags` handled above). */
function envLayer(section: (EnvSection & { tags?: unknown }) | undefined): EnvLayer {
  if (!section) return {};
  if ('clear' in section || 'secret' in section || 'tags' in section) {
    const structured = section as { clear?: ScalarMap; secret?: readonly string[] };
    return { clear: structured.clear, secret: structured.secret };
  }
  return { clear: section as ScalarMap };
}

function mergeLogging(root: LoggingSection | undefined, own: LoggingSection | undefined): LoggingOptions | undefined {
  if (!root && !own) return undefined;
  const options = { ...root?.options, ...own?.options };
  return {
    driver: own?.driver ?? root?.driver,
    options: Object.fromEntries(Object.entries(options).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)])),
  };
}

function stringValues(map: ScalarMap): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, String(value)]));
}
