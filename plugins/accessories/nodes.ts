/**
 * What each accessory command does on one of the accessory's hosts. Every node is perHost over
 * the accessory's own hosts (which need not be app hosts). Nothing here deletes a named volume
 * or a host directory except `remove` with --remove-data.
 */
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { CommandError, GantryError } from '../../core/errors.js';
import { toShell } from '../../core/transport/quote.js';
import { splitCommandLine } from '../../core/command-line.js';
import { renderEnvFile, secretValues } from '../app/api.js';
import { removeServiceRoute, routeService } from '../proxy/api.js';
import {
  accessoryContainerIds,
  accessoryDetails,
  accessoryDirectories,
  accessoryEnvDirectory,
  accessoryExecNew,
  accessoryExecReuse,
  accessoryPull,
  accessoryRemoveAbsoluteDirectories,
  accessoryRemoveContainer,
  accessoryRemoveDirectory,
  accessoryRemoveEnvFile,
  accessoryRemoveImage,
  accessoryRemoveVolumes,
  accessoryRun,
  accessoryRunningId,
  accessoryStart,
  accessoryStop,
  chownFile,
} from './commands.js';
import { readAccessoryFile } from './files.js';
import { loginForAccessory } from './registry.js';
import type { Accessory } from './settings.js';

export type AccessoryTask = (env: TaskEnv, accessory: Accessory) => Promise<void>;

export const PLUGIN_NAME = 'accessories';

/** A node running `task` on each of the accessory's hosts (narrowed to the first with `firstHostOnly`). */
export function accessoryNode(verb: string, accessory: Accessory, task: AccessoryTask, firstHostOnly = false): TaskNode {
  const hosts = firstHostOnly ? accessory.hosts.slice(0, 1) : accessory.hosts;
  return {
    id: `accessory:${verb}:${accessory.name}`,
    title: `${verb} accessory ${accessory.name}`,
    plugin: PLUGIN_NAME,
    dependsOn: [],
    scope: 'perHost',
    selectHosts: (_ctx: RunContext, _selected: readonly Host[]) => hosts,
    run: (env) => task(env, accessory),
  };
}

const hostName = (env: TaskEnv): string => env.host?.name ?? 'localhost';

/** Directories, files, the env file, `docker run`, and the proxy route when configured. */
const create: AccessoryTask = async (env, accessory) => {
  for (const command of accessoryDirectories(accessory)) await env.run(command);
  for (const file of accessory.files) {
    const { content, mode } = readAccessoryFile(env.ctx.config.root, accessory, file);
    await env.upload(content, file.hostPath, mode);
    if (file.owner) await env.run(chownFile(file.owner, file.hostPath));
  }
  await env.run(accessoryEnvDirectory(accessory));
  const secrets = secretValues(accessory.env.secret, (name) => env.ctx.config.secrets.get(name));
  await env.upload(renderEnvFile(secrets), accessory.envFile, 0o600);
  await env.run(accessoryRun(accessory, hostName(env)));
  await routeIfProxied(env, accessory);
};

async function routeIfProxied(env: TaskEnv, accessory: Accessory): Promise<void> {
  if (!accessory.proxy) return;
  const id = await env.capture(accessoryRunningId(accessory));
  if (!id && !env.ctx.dryRun) throw new GantryError(`accessory ${accessory.name} is not running on ${hostName(env)}: cannot route it through the proxy`);
  await routeService(env, accessory.service, accessory.proxy, id || accessory.service);
}

/** Booting an accessory that already has a container is a no-op with a message, as in Kamal. */
export const boot: AccessoryTask = async (env, accessory) => {
  const existing = await env.capture(accessoryContainerIds(accessory));
  if (existing) {
    const message = `accessory ${accessory.name}: a container ${accessory.service} already exists on ${hostName(env)}, not booting it (accessory reboot replaces it)`;
    env.output(message);
    env.ctx.log(message);
    return;
  }
  await loginForAccessory(env, accessory);
  await create(env, accessory);
};

/** Replaces the container with the current settings; named volumes and host directories stay. */
export const reboot: AccessoryTask = async (env, accessory) => {
  await loginForAccessory(env, accessory);
  await env.run(accessoryPull(accessory));
  await stopContainer(env, accessory);
  await env.run(accessoryRemoveContainer(accessory));
  await create(env, accessory);
};

export const start: AccessoryTask = async (env, accessory) => {
  await env.run(accessoryStart(accessory));
  await routeIfProxied(env, accessory);
};

export const stop: AccessoryTask = async (env, accessory) => {
  if (accessory.proxy) await removeServiceRoute(env, accessory.service);
  await env.run(accessoryStop(accessory));
};

/** Stops the container if there is one running (reboot and remove go on either way). */
async function stopContainer(env: TaskEnv, accessory: Accessory): Promise<void> {
  if (accessory.proxy) await removeServiceRoute(env, accessory.service);
  await env.probe(accessoryStop(accessory));
}

export const details: AccessoryTask = async (env, accessory) => {
  env.ctx.print(`Accessory ${accessory.name} Host: ${hostName(env)}\n${await env.capture(accessoryDetails(accessory))}`);
};

export const exec: AccessoryTask = async (env, accessory) => {
  const line = env.ctx.options.command;
  if (typeof line !== 'string' || !line.trim()) throw new GantryError('accessory exec needs a command, e.g. gantry accessory exec redis "redis-cli ping"');
  const words = splitCommandLine(line);
  const interactive = Boolean(env.ctx.options.interactive);
  const command = env.ctx.options.reuse ? accessoryExecReuse(accessory, words, interactive) : accessoryExecNew(accessory, words, interactive);
  if (interactive) {
    // The same pseudo-terminal path as `app exec -i`; the remote exit code becomes Gantry's.
    const status = await env.interactive(command);
    if (status.code !== 0) throw new CommandError(hostName(env), env.ctx.config.secrets.redact(toShell(command)), status.code, '');
    return;
  }
  env.ctx.print(`Accessory ${accessory.name} Host: ${hostName(env)}\n${await env.capture(command)}`);
};

/**
 * Removes the container and its image (by tag), and the env file. The accessory's directory,
 * absolute host directories and named volumes go only with --remove-data.
 */
export const remove: AccessoryTask = async (env, accessory) => {
  await stopContainer(env, accessory);
  await env.run(accessoryRemoveContainer(accessory));
  await env.run(accessoryRemoveImage(accessory));
  if (!env.ctx.options.removeData) {
    await env.run(accessoryRemoveEnvFile(accessory));
    return;
  }
  await env.run(accessoryRemoveDirectory(accessory));
  const absolute = accessoryRemoveAbsoluteDirectories(accessory);
  if (absolute) await env.run(absolute);
  const volumes = accessoryRemoveVolumes(accessory);
  if (volumes) await env.run(volumes);
};
