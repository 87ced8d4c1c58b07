/**
 * `setup`: installs Docker on hosts that lack it, then runs the `docker-setup` hook once,
 * locally, before anything else touches a host.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv, TaskNode } from '../../core/graph/model.js';
import { SERVER_PLUGIN, type ServerHooks } from './api.js';
import { dockerVersion, hasCommand, installDocker, type Downloader } from './commands.js';

export const BOOTSTRAP = 'server:bootstrap';
export const DOCKER_SETUP = 'server:docker-setup';

async function downloader(env: TaskEnv): Promise<Downloader | undefined> {
  for (const tool of ['curl', 'wget'] as const) {
    if ((await env.probe(hasCommand(tool))).code === 0) return tool;
  }
  return undefined;
}

async function bootstrap(env: TaskEnv): Promise<void> {
  if ((await env.probe(dockerVersion())).code === 0) return;
  const host = env.host?.name ?? 'localhost';
  const tool = await downloader(env);
  if (!tool) throw new GantryError(`docker is missing on ${host} and neither curl nor wget is there: install one of them, or Docker itself`);
  // A non-root SSH user installs through sudo (it must not ask for a password).
  const user = env.ctx.config.config.ssh?.user ?? 'root';
  env.output(`installing Docker on ${host} with ${tool}`);
  await env.run(installDocker(tool, user !== 'root'));
  await env.run(dockerVersion());
}

export function bootstrapNode(dependsOn: string[]): TaskNode {
  return { id: BOOTSTRAP, title: 'install Docker where missing', plugin: SERVER_PLUGIN, dependsOn, scope: 'perHost', run: bootstrap };
}

export function dockerSetupNode(hooks: ServerHooks): TaskNode {
  return {
    id: DOCKER_SETUP,
    title: 'hook docker-setup',
    plugin: SERVER_PLUGIN,
    dependsOn: [BOOTSTRAP],
    scope: 'local',
    skip: () => (hooks.dockerSetup.isUsed() ? false : 'no hooks plugin'),
    run: (env) => hooks.dockerSetup.promise(env),
  };
}
