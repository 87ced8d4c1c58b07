/**
 * Accessory argv, Kamal's commands for accessories: run, start, stop, details, exec (new or
 * reused container), pull, remove container/image/directory. Pure: nothing here runs anything.
 */
import { posix } from 'node:path';
import type { Command, Word } from '../../core/transport/types.js';
import { filterArgs, labelArgs, optionArgs, volumeArgs } from '../docker/api.js';
import type { Accessory } from './settings.js';

/** Kamal's default log limit for every container it runs. */
const DEFAULT_LOGGING = ['--log-opt', 'max-size=10m'];

/** `label=service=<container>`: how Kamal finds an accessory's containers. */
export function serviceFilter(accessory: Pick<Accessory, 'service'>): string[] {
  return filterArgs([`label=service=${accessory.service}`]);
}

/** `docker run` of the accessory on `host` (exposed to it as KAMAL_HOST, as Kamal does). */
export function accessoryRun(accessory: Accessory, host: string): Command {
  return [
    'docker',
    'run',
    '--name',
    accessory.service,
    '--detach',
    '--restart',
    'unless-stopped',
    '--network',
    accessory.network,
    ...DEFAULT_LOGGING,
    ...(accessory.publish ? ['--publish', accessory.publish] : []),
    '--env',
    `KAMAL_HOST=${host}`,
    ...envArgs(accessory),
    ...mountArgs(accessory),
    ...labelArgs(accessory.labels),
    ...optionArgs(accessory.options),
    accessory.image,
    ...(accessory.cmd ?? []),
  ];
}

/** Clear env as `--env`, secrets only through the 0600 env file. */
function envArgs(accessory: Accessory): string[] {
  return [...Object.entries(accessory.env.clear).flatMap(([key, value]) => ['--env', `${key}=${value}`]), '--env-file', accessory.envFile];
}

/** Named volumes as written, then the uploaded files, then the host directories. */
function mountArgs(accessory: Accessory): Word[] {
  return [
    ...accessory.volumes.flatMap((volume) => ['--volume', volume]),
    ...accessory.files.flatMap((file) => volumeArgs(file.hostPath, file.containerPath, file.options)),
    ...accessory.directories.flatMap((dir) => volumeArgs(dir.hostPath, dir.containerPath, dir.options)),
  ];
}

export function accessoryStart(accessory: Accessory): Command {
  return ['docker', 'container', 'start', accessory.service];
}

export function accessoryStop(accessory: Accessory): Command {
  return ['docker', 'container', 'stop', accessory.service];
}

/** Every container of the accessory, running or not, by id (empty when none): the boot probe. */
export function accessoryContainerIds(accessory: Accessory): Command {
  return ['docker', 'ps', '--all', '--quiet', ...serviceFilter(accessory)];
}

/** The running container's id (for the proxy target). */
export function accessoryRunningId(accessory: Accessory): Command {
  return ['docker', 'ps', '--quiet', ...serviceFilter(accessory), '--filter', 'status=running'];
}

export function accessoryDetails(accessory: Accessory): Command {
  return ['docker', 'ps', ...serviceFilter(accessory)];
}

/** `--reuse`: the command runs inside the running container. */
/** `interactive`: `-it`, stdin kept open on the user's terminal. */
export function accessoryExecReuse(accessory: Accessory, command: readonly string[], interactive = false): Command {
  return ['docker', 'exec', ...(interactive ? ['-it'] : []), accessory.service, ...command];
}

/** The default: a throw-away container of the image with the accessory's env, mounts and network. */
export function accessoryExecNew(accessory: Accessory, command: readonly string[], interactive = false): Command {
  return ['docker', 'run', ...(interactive ? ['-it'] : []), '--rm', '--network', accessory.network, ...envArgs(accessory), ...mountArgs(accessory), accessory.image, ...command];
}

export function accessoryPull(accessory: Accessory): Command {
  return ['docker', 'image', 'pull', accessory.image];
}

/** Removes the stopped container (Kamal prunes by the service label, so a renamed leftover goes too). */
export function accessoryRemoveContainer(accessory: Accessory): Command {
  return ['docker', 'container', 'prune', '--force', ...serviceFilter(accessory)];
}

export function accessoryRemoveImage(accessory: Accessory): Command {
  return ['docker', 'image', 'rm', '--force', accessory.image];
}

/** `mkdir -p` of each directory (and each file's parent); `chown` where an owner is set. */
export function accessoryDirectories(accessory: Accessory): Command[] {
  const dirs = [...accessory.directories.map((d) => d.hostPath), ...accessory.files.map((f) => posix.dirname(f.hostPath))];
  if (!dirs.length) return [];
  const owned = accessory.directories.filter((d) => d.owner);
  return [
    ['mkdir', '-p', ...new Set(dirs)],
    ...owned.map((d): Command => ['chown', '-R', d.owner!, d.hostPath]),
  ];
}

export function accessoryEnvDirectory(accessory: Accessory): Command {
  return ['mkdir', '-p', posix.dirname(accessory.envFile)];
}

export function chownFile(owner: string, path: string): Command {
  return ['chown', owner, path];
}

/** The accessory's directory under the home (files and relative directories), and its env file. */
export function accessoryRemoveDirectory(accessory: Accessory): Command {
  return ['rm', '-rf', accessory.service, accessory.envFile];
}

/** Removes only the env file: the data directory stays unless asked. */
export function accessoryRemoveEnvFile(accessory: Accessory): Command {
  return ['rm', '-f', accessory.envFile];
}

/** Host directories given as absolute paths (the relative ones go with the accessory's directory). */
export function accessoryRemoveAbsoluteDirectories(accessory: Accessory): Command | undefined {
  const absolute = accessory.directories.filter((d) => d.hostPath.startsWith('/')).map((d) => d.hostPath);
  return absolute.length ? ['rm', '-rf', ...absolute] : undefined;
}

/** Named volumes (`name:/path`; a `/host/path:…` bind is not a volume). */
export function namedVolumes(accessory: Accessory): string[] {
  return accessory.volumes.map((v) => v.split(':')[0]!).filter((source) => source && !source.startsWith('/') && !source.startsWith('.') && !source.startsWith('~'));
}

export function accessoryRemoveVolumes(accessory: Accessory): Command | undefined {
  const volumes = namedVolumes(accessory);
  return volumes.length ? ['docker', 'volume', 'rm', '--force', ...volumes] : undefined;
}
