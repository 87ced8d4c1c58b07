/**
 * App container argv: run, find the current version, stop/start/remove, stale containers and
 * the `latest` tag. Names, labels and filters come from naming.ts (Kamal-compatible).
 */
import { pipe, seq, subshell } from '../../core/transport/quote.js';
import type { Command, Word } from '../../core/transport/types.js';
import { filterArgs, labelArgs, listContainers, NETWORK, optionArgs, tagImage, type DockerOptions } from '../docker/api.js';
import { appFilters, appLabelArgs, containerName, RESERVED_LABELS, versionFromContainerName, type AppScope, type RoleScope } from './naming.js';
import { envDirectory } from './paths.js';

export interface LoggingOptions {
  driver?: string;
  options?: Readonly<Record<string, string>>;
}

export interface AppRunOptions extends RoleScope {
  version: string;
  /** `repo:version`. */
  image: string;
  /** The deploy host as configured; exposed to the app as KAMAL_HOST/GANTRY_HOST. */
  host: string;
  /** From containerHostname(). */
  hostname: string;
  /** Default `kamal`. */
  network?: string;
  /** Clear environment (merged root → role → host tags). */
  env?: Readonly<Record<string, string>>;
  /** The role's secrets env file on the host (see envFilePath). */
  envFile?: string;
  /** Absent: `--log-opt max-size=10m`. */
  logging?: LoggingOptions;
  volumes?: readonly string[];
  /** Words other plugins add through the containerRunArgs hook (the assets plugin's volume). */
  extraArgs?: readonly Word[];
  /** Custom labels; `service`, `role` and `destination` are reserved. */
  labels?: Readonly<Record<string, string>>;
  options?: DockerOptions;
  /** Command words after the image (see splitCommandLine for a `cmd:` string). */
  cmd?: readonly string[];
}

const DEFAULT_LOGGING: string[] = ['--log-opt', 'max-size=10m'];

/** Container states that count as the live version. */
const ACTIVE_STATUSES = ['running', 'restarting'];

export function appRun(opts: AppRunOptions): Command {
  const name = containerName(opts, opts.version);
  return [
    'docker',
    'run',
    '--detach',
    '--restart',
    'unless-stopped',
    '--name',
    name,
    '--network',
    opts.network ?? NETWORK,
    '--hostname',
    opts.hostname,
    ...deployEnvArgs(name, opts),
    ...Object.entries(opts.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...(opts.envFile ? ['--env-file', opts.envFile] : []),
    ...(opts.logging ? loggingArgs(opts.logging) : DEFAULT_LOGGING),
    ...(opts.volumes ?? []).flatMap((volume) => ['--volume', volume]),
    ...(opts.extraArgs ?? []),
    ...appLabelArgs(opts),
    ...labelArgs(customLabels(opts, opts.labels ?? {})),
    ...optionArgs(opts.options ?? {}),
    opts.image,
    ...(opts.cmd ?? []),
  ];
}

// Apps deployed by Kamal read KAMAL_*; Gantry's own names are set alongside.
function deployEnvArgs(name: string, opts: AppRunOptions): string[] {
  const values: [string, string][] = [
    ['CONTAINER_NAME', name],
    ['VERSION', opts.version],
    ['HOST', opts.host],
    ...(opts.destination ? ([['DESTINATION', opts.destination]] as [string, string][]) : []),
  ];
  return ['KAMAL', 'GANTRY'].flatMap((prefix) => values.flatMap(([key, value]) => ['--env', `${prefix}_${key}=${value}`]));
}

function loggingArgs(logging: LoggingOptions): string[] {
  return [
    ...(logging.driver ? ['--log-driver', logging.driver] : []),
    ...Object.entries(logging.options ?? {}).flatMap(([key, value]) => ['--log-opt', `${key}=${value}`]),
  ];
}

/** Custom labels without the reserved ones; a reserved one may only repeat the value Gantry sets. */
function customLabels(scope: RoleScope, labels: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const own: Record<string, string> = { service: scope.service, role: scope.role, destination: scope.destination ?? '' };
  const replaced = RESERVED_LABELS.filter((key) => Object.hasOwn(labels, key) && labels[key] !== own[key]);
  if (replaced.length) throw new Error(`Labels ${replaced.join(', ')} are set by Gantry and cannot be overridden`);
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !RESERVED_LABELS.includes(key)));
}

/** `mkdir -p` of the directory holding the roles' env files. */
export function ensureEnvDirectory(runDir: string, scope: AppScope): Command {
  return ['mkdir', '-p', envDirectory(runDir, scope)];
}

/**
 * The current container of the role, one line (empty when none): the newest running one created
 * from the `latest` image, else the newest running one. One round trip, as Kamal does it.
 */
export function currentContainer(scope: RoleScope, latestImage: string, output: 'id' | 'name'): Command {
  const shown = output === 'id' ? { quiet: true } : { format: '{{.Names}}' };
  const newest = (extra: string[]): Command => listContainers({ latest: true, ...shown, filters: [...appFilters(scope, ACTIVE_STATUSES), ...extra] });
  return pipe(subshell(seq(newest([`ancestor=${latestImage}`]), newest([]))), ['head', '-1']);
}

/** Names of the role's running containers; stale ones are found with staleVersions. */
export function runningContainerNames(scope: RoleScope): Command {
  return listContainers({ filters: appFilters(scope), format: '{{.Names}}' });
}

/** Versions of running containers other than the current one (leftovers of failed deploys). */
export function staleVersions(scope: RoleScope, names: readonly string[], currentVersion: string | undefined): string[] {
  return names
    .map((name) => versionFromContainerName(scope, name.trim()))
    .filter((version): version is string => version !== undefined && version !== currentVersion);
}

/** Every container of the app (or one role), any state, as a table. */
export function appContainers(scope: AppScope & { role?: string }): Command {
  return ['docker', 'container', 'ls', '--all', ...filterArgs(appFilters(scope))];
}

/** `docker stop [-t seconds]`; no timeout means Docker's default (10 s). */
export function stopContainer(container: string, timeoutSeconds?: number): Command {
  return ['docker', 'stop', ...(timeoutSeconds === undefined ? [] : ['-t', String(timeoutSeconds)]), container];
}

export function removeContainer(container: string): Command {
  return ['docker', 'rm', container];
}

export function startContainer(container: string): Command {
  return ['docker', 'start', container];
}

/** Removes the app's (or role's) stopped containers. */
export function removeAppContainers(scope: AppScope & { role?: string }): Command {
  return ['docker', 'container', 'prune', '--force', ...filterArgs(appFilters(scope))];
}

/**
 * Drops one tag (`repo:latest-<dest>` when a destination is removed). Images carry no
 * destination label, so a removal is scoped by tag: the image goes only with its last tag.
 */
export function untagImage(image: string): Command {
  return ['docker', 'image', 'rm', image];
}

/** After a successful boot: `repo:version` becomes `repo:latest[-dest]` on the host too. */
export function tagLatest(image: string, latestImage: string): Command {
  return tagImage(image, latestImage);
}
