/**
 * `build:image`: builds the image and pushes `repo:version` and `repo:latest[-dest]`, on the
 * local Docker daemon (whatever DOCKER_HOST says) or the configured remote builder.
 */
import { GantryError } from '../../core/errors.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { buildxVersion } from '../docker/api.js';
import { prepareClone } from './clone.js';
import { buildxBuild, dockerBuildAndPush } from './commands.js';
import { gitStatus, gitTopLevel } from './git.js';
import { buildOptions, remoteUri } from './options.js';
import { ensureBuilder } from './setup.js';

export const PLUGIN_NAME = 'builder';
export const BUILD = 'build:image';

interface BuildPlace {
  /** Directory the build runs in. */
  cwd: string;
  /** The context argument, relative to cwd. */
  context: string;
}

/** A clean clone in a git repo without `builder.context`; the working tree otherwise. */
async function buildPlace(env: TaskEnv): Promise<BuildPlace> {
  const { root } = env.ctx.config;
  const context = env.ctx.config.config.builder?.context;
  const top = await env.probe(gitTopLevel(root));
  const repoRoot = top.code === 0 ? top.stdout.trim() : '';
  if (!repoRoot) return { cwd: root, context: context ?? '.' };
  const fromClone = context === undefined;
  const changes = await env.probe(gitStatus(root));
  if (changes.stdout.trim()) {
    env.ctx.log(`uncommitted changes ${fromClone ? 'ignored: building from a clean clone' : 'included: building the working tree'}`);
  }
  return fromClone ? { cwd: await prepareClone(env, repoRoot, root), context: '.' } : { cwd: root, context };
}

/** Build secrets go to the docker process environment only; `--secret id=NAME` names them. */
function buildEnv(ctx: RunContext): Record<string, string> | undefined {
  const names = ctx.config.config.builder?.secrets ?? [];
  const vars: Record<string, string> = Object.fromEntries(names.map((name) => [name, ctx.config.secrets.get(name)]));
  // As Kamal: a remote BuildKit must not ask the client for registry tokens.
  if (remoteUri(ctx)) vars.BUILDKIT_NO_CLIENT_TOKEN = '1';
  return Object.keys(vars).length ? vars : undefined;
}

async function build(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const place = await buildPlace(env);
  const buildx = (await env.probe(buildxVersion())).code === 0;
  if (!buildx && remoteUri(ctx)) throw new GantryError('builder.remote needs docker buildx on this machine');
  if (buildx) await ensureBuilder(env);
  const opts = buildOptions(ctx, place.context, buildx);
  if (!buildx && opts.arches.length > 1) {
    throw new GantryError(`building for ${opts.arches.join(' and ')} needs docker buildx on this machine`);
  }
  if (!buildx && ctx.config.config.builder?.secrets?.length) {
    throw new GantryError('builder.secrets need BuildKit: install docker buildx on this machine');
  }
  // Without buildx, a current docker CLI refuses to build unless told to use the classic builder.
  const processEnv = buildx ? buildEnv(ctx) : { ...buildEnv(ctx), DOCKER_BUILDKIT: '0' };
  await env.run(buildx ? buildxBuild(opts) : dockerBuildAndPush(opts), { cwd: place.cwd, env: processEnv });
}

export function buildNode(dependsOn: string[]): TaskNode {
  return {
    id: BUILD,
    title: 'build and push the image',
    plugin: PLUGIN_NAME,
    dependsOn,
    scope: 'local',
    skip: (ctx) => (ctx.options.skipPush ? '--skip-push' : false),
    run: build,
  };
}
