/**
 * The local registry (`registry.server: localhost:PORT`, Kamal 2's `kamal init` default): a
 * registry container on this machine, published on its loopback only, pushed to here; each host
 * pulls `localhost:PORT` through a reverse port forward over its own SSH connection, so nothing
 * is exposed on the network and no login is needed. Argv builders are pure; the nodes are below.
 */
import { isLocalRegistry } from '../../core/config/rules.js';
import type { ConfigIssue } from '../../core/config/types.js';
import type { GantryConfig } from '../../schemas/index.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { and, or } from '../../core/transport/quote.js';
import type { Command, PortForward } from '../../core/transport/types.js';
import { PLUGIN_NAME } from './nodes.js';

/** Kamal's name, so a registry either tool started is the other's too. */
export const LOCAL_REGISTRY_CONTAINER = 'kamal-docker-registry';
/** Kamal 2's image; `registry.local_image` replaces it (e.g. where Docker Hub is out of reach). */
export const DEFAULT_LOCAL_REGISTRY_IMAGE = 'registry:3';

export const LOCAL_SETUP = 'registry:local-setup';
export const LOCAL_REMOVE = 'registry:local-remove';
export const FORWARD = 'registry:forward';
export const UNFORWARD = 'registry:unforward';

/** Starts the stopped container, or runs a new one published on this machine's loopback only. */
export function startLocalRegistry(port: number, image: string): Command {
  return or(
    ['docker', 'start', LOCAL_REGISTRY_CONTAINER],
    ['docker', 'run', '--detach', '-p', `127.0.0.1:${port}:5000`, '--name', LOCAL_REGISTRY_CONTAINER, image],
  );
}

export function removeLocalRegistry(): Command {
  return and(['docker', 'stop', LOCAL_REGISTRY_CONTAINER], ['docker', 'rm', LOCAL_REGISTRY_CONTAINER]);
}

/** The port of a `localhost:PORT` registry, or undefined for any other registry. */
export function localRegistryPort(ctx: RunContext): number | undefined {
  const server = ctx.config.config.registry?.server;
  return isLocalRegistry(server) ? Number(server!.slice('localhost:'.length)) : undefined;
}

type Skip = NonNullable<TaskNode['skip']>;

/** Skips unless the registry is a local one, then applies `extra`. */
function onlyLocal(extra?: Skip): Skip {
  return (ctx) => (localRegistryPort(ctx) === undefined ? 'not a localhost:PORT registry' : (extra?.(ctx) ?? false));
}

const forwardKey = (env: TaskEnv): string => `${FORWARD}@${env.host?.name ?? 'localhost'}`;

async function setup(env: TaskEnv): Promise<void> {
  const image = env.ctx.config.config.registry?.local_image ?? DEFAULT_LOCAL_REGISTRY_IMAGE;
  await env.run(startLocalRegistry(localRegistryPort(env.ctx)!, image));
}

async function remove(env: TaskEnv): Promise<void> {
  await env.run(removeLocalRegistry());
}

async function forward(env: TaskEnv): Promise<void> {
  const port = localRegistryPort(env.ctx)!;
  env.ctx.state.set(forwardKey(env), await env.forwardRemote({ remotePort: port, localPort: port }));
}

async function unforward(env: TaskEnv): Promise<void> {
  const opened = env.ctx.state.get(forwardKey(env)) as PortForward | undefined;
  env.ctx.state.delete(forwardKey(env));
  await opened?.close();
}

export function localSetupNode(skip?: Skip): TaskNode {
  return { id: LOCAL_SETUP, title: 'start the local registry', plugin: PLUGIN_NAME, dependsOn: [], scope: 'local', skip: onlyLocal(skip), run: setup };
}

export function localRemoveNode(skip?: Skip): TaskNode {
  return { id: LOCAL_REMOVE, title: 'remove the local registry', plugin: PLUGIN_NAME, dependsOn: [], scope: 'local', skip: onlyLocal(skip), run: remove };
}

/** Per host: its `localhost:PORT` reaches this machine's registry until `unforwardNode` (or the run's end). */
export function forwardNode(): TaskNode {
  return { id: FORWARD, title: 'forward the local registry to the host', plugin: PLUGIN_NAME, dependsOn: [], scope: 'perHost', skip: onlyLocal(), run: forward };
}

/** Runs after a failure too: another deploy may be waiting for the port on that host. */
export function unforwardNode(): TaskNode {
  return { id: UNFORWARD, title: 'stop forwarding the local registry', plugin: PLUGIN_NAME, dependsOn: [], scope: 'perHost', when: 'always', skip: onlyLocal(), run: unforward };
}

/** Config rules of the local registry. */
export function localRegistryRules(config: GantryConfig, issues: ConfigIssue[]): void {
  const local = isLocalRegistry(config.registry?.server);
  if (config.registry?.local_image !== undefined && !local) {
    issues.push({ pointer: '/registry/local_image', message: 'only used with a localhost:PORT registry (registry.server)' });
  }
  if (local && config.builder?.remote) {
    issues.push({ pointer: '/builder/remote', message: 'a remote builder cannot push to a localhost:PORT registry yet: Gantry forwards the local registry to the deploy hosts only' });
  }
}
