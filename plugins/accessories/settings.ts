/**
 * An accessory as the nodes need it, read from config the way Kamal reads it: the container is
 * `<service>-<name>` (or its own `service:`), it runs on exactly one of host/hosts/role/roles/
 * tag/tags, its files and directories live under `~/<container name>/` on each host.
 */
import { posix } from 'node:path';
import type { RunContext } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { GantryError } from '../../core/errors.js';
import { splitCommandLine } from '../../core/command-line.js';
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import type { GantryConfig } from '../../schemas/index.js';
import { NETWORK, type DockerOptions } from '../docker/api.js';
import { appScope, mergeEnv, runDirectory, serviceAndDestination, type MergedEnv } from '../app/api.js';

export type AccessoryConfig = NonNullable<GantryConfig['accessories']>[string];
type Mount = NonNullable<AccessoryConfig['files']>[number];

/** A file uploaded to the host and mounted: `local` in the project, `hostPath` under the accessory's directory. */
export interface AccessoryFile {
  local: string;
  hostPath: string;
  containerPath: string;
  /** From config; else the local file's own mode is kept. */
  mode?: number;
  owner?: string;
  options?: string;
}

/** A host directory created and mounted. */
export interface AccessoryDirectory {
  hostPath: string;
  containerPath: string;
  owner?: string;
  options?: string;
}

export interface Accessory {
  /** The key under `accessories:`. */
  name: string;
  /** Container name, `service` label value and the directory on hosts. */
  service: string;
  image: string;
  hosts: Host[];
  network: string;
  /** `--publish` value: `6379` becomes `6379:6379`; `127.0.0.1:…` forms are kept. */
  publish?: string;
  cmd?: string[];
  labels: Record<string, string>;
  options: DockerOptions;
  env: MergedEnv;
  /** `<run>/apps/<service>[-<dest>]/env/accessories/<container>.env` (Kamal's place). */
  envFile: string;
  files: AccessoryFile[];
  directories: AccessoryDirectory[];
  /** `name:/path` (named volume) or `/host/path:/path`, as written. */
  volumes: string[];
  registry?: AccessoryConfig['registry'];
  proxy?: AccessoryConfig['proxy'];
}

export function accessoryNames(ctx: RunContext): string[] {
  return Object.keys(ctx.config.config.accessories ?? {});
}

/** The accessories a command names: one by name, or `all` (also when none is given, e.g. `gantry graph`). */
export function selectedAccessories(ctx: RunContext, name: unknown = ctx.options.name): Accessory[] {
  const names = accessoryNames(ctx);
  if (name === undefined || name === 'all') return names.map((n) => accessory(ctx, n));
  if (typeof name !== 'string' || !names.includes(name)) {
    throw new GantryError(`unknown accessory "${String(name)}" (accessories: ${names.join(', ') || 'none'}; or all)`);
  }
  return [accessory(ctx, name)];
}

export function accessory(ctx: RunContext, name: string): Accessory {
  const section = ctx.config.config.accessories![name]!;
  const service = section.service ?? `${ctx.config.config.service}-${name}`;
  const env = envSection(section.env);
  return {
    name,
    service,
    image: section.image,
    hosts: placementHosts(ctx, name, section),
    network: section.network ?? NETWORK,
    ...(section.port === undefined ? {} : { publish: publishValue(section.port) }),
    ...(section.cmd === undefined ? {} : { cmd: splitCommandLine(section.cmd) }),
    labels: { service, ...stringValues(section.labels ?? {}) },
    options: section.options ?? {},
    env: mergeEnv(env),
    envFile: posix.join(runDirectory(ctx), 'apps', serviceAndDestination(appScope(ctx)), 'env', 'accessories', `${service}.env`),
    files: (section.files ?? []).map((mount) => fileMount(service, mount)),
    directories: (section.directories ?? []).map((mount) => directoryMount(service, mount)),
    volumes: [...(section.volumes ?? [])],
    registry: section.registry,
    proxy: section.proxy,
  };
}

/** Kamal's `port`: a bare port is published on the same port; anything with a colon is kept. */
export function publishValue(port: string | number): string {
  const text = String(port);
  return text.includes(':') ? text : `${text}:${text}`;
}

/** The hosts of the placement key; `--hosts` narrows them (as it narrows the app's). */
function placementHosts(ctx: RunContext, name: string, section: AccessoryConfig): Host[] {
  const { config } = ctx.config;
  const inventory = buildInventory(config.servers as ServersSection, config.primary_role ?? 'web');
  const known = (hostName: string): Host => inventory.find((h) => h.name === hostName) ?? { name: hostName, roles: [], tags: [], primary: false };
  let hosts: Host[];
  if (section.host !== undefined) hosts = [known(section.host)];
  else if (section.hosts !== undefined) hosts = section.hosts.map(known);
  else if (section.role !== undefined || section.roles !== undefined) {
    const roles = section.roles ?? [section.role!];
    hosts = inventory.filter((h) => h.roles.some((r) => roles.includes(r)));
  } else {
    const tags = section.tags ?? (section.tag === undefined ? [] : [section.tag]);
    hosts = inventory.filter((h) => h.tags.some((t) => tags.includes(t)));
  }
  if (!hosts.length) throw new GantryError(`accessory ${name} has no hosts: its placement matches no server`);
  const filter = typeof ctx.options.hosts === 'string' ? ctx.options.hosts.split(',').map((s) => s.trim()) : undefined;
  return filter ? hosts.filter((h) => filter.includes(h.name)) : hosts;
}

function envSection(env: AccessoryConfig['env']): { clear?: Record<string, string | number | boolean>; secret?: string[] } {
  if (!env) return {};
  if ('clear' in env || 'secret' in env) {
    const structured = env as { clear?: Record<string, string | number | boolean>; secret?: string[] };
    return { clear: structured.clear, secret: structured.secret };
  }
  return { clear: env as Record<string, string | number | boolean> };
}

interface MountParts {
  local: string;
  remote: string;
  mode?: number;
  owner?: string;
  options?: string;
}

function mountParts(mount: Mount): MountParts {
  if (typeof mount === 'string') {
    const [local = '', remote = '', options] = mount.split(':');
    return { local, remote, ...(options ? { options } : {}) };
  }
  const mode = mount.mode === undefined ? undefined : typeof mount.mode === 'number' ? mount.mode : Number.parseInt(mount.mode, 8);
  return { local: mount.local, remote: mount.remote, ...(mode === undefined ? {} : { mode }), ...(mount.owner ? { owner: mount.owner } : {}), ...(mount.options ? { options: mount.options } : {}) };
}

/** Kamal keeps a file at `~/<service><remote path>` and mounts it at the remote path. */
function fileMount(service: string, mount: Mount): AccessoryFile {
  const { local, remote, ...rest } = mountParts(mount);
  return { local, hostPath: posix.join(service, remote), containerPath: remote, ...rest };
}

/** A relative directory lives under `~/<service>/`; an absolute one is used as it is. */
function directoryMount(service: string, mount: Mount): AccessoryDirectory {
  const { local, remote, owner, options } = mountParts(mount);
  return { hostPath: local.startsWith('/') ? local : posix.join(service, local), containerPath: remote, ...(owner ? { owner } : {}), ...(options ? { options } : {}) };
}

function stringValues(map: Readonly<Record<string, string | number | boolean>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, String(value)]));
}
