/**
 * `build:image`: builds the image and pushes `repo:version` and `repo:latest[-dest]`, on the
 * local Docker daemon (whatever DOCKER_HOST says), the remote builder, or both (see plan.ts).
 */
import { GantryError } from '../../core/errors.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { buildxVersion, dockerArchitecture } from '../docker/api.js';
import { prepareClone } from './clone.js';
import { buildxBuild, dockerBuildAndPush } from './commands.js';
import { gitStatus, gitTopLevel } from './git.js';
import { buildOptions, builderInput } from './options.js';
import { dockerArch, needsLocalArch, planBuilder, type BuilderPlan } from './plan.js';
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
function buildEnv(ctx: RunContext, plan: BuilderPlan): Record<string, string> | undefined {
  const names = ctx.config.config.builder?.secrets ?? [];
  const vars: Record<string, string> = Object.fromEntries(names.map((name) => [name, ctx.config.secrets.get(name)]));
  // As Kamal: a remote BuildKit must not ask the client for registry tokens.
  if (plan.remote) vars.BUILDKIT_NO_CLIENT_TOKEN = '1';
  return Object.keys(vars).length ? vars : undefined;
}

/** The builder plan, asking Docker for this machine's arch only when a remote could take some arches. */
async function builderPlan(env: TaskEnv): Promise<BuilderPlan> {
  const input = builderInput(env.ctx);
  if (!needsLocalArch(input)) return planBuilder(input);
  const info = await env.probe(dockerArchitecture());
  return planBuilder(input, info.code === 0 ? dockerArch(info.stdout) : undefined);
}

async function build(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const place = await buildPlace(env);
  const buildx = (await env.probe(buildxVersion())).code === 0;
  const plan = await builderPlan(env);
  if (buildx) {
    await ensureBuilder(env, plan);
    const opts = buildOptions(ctx, place.context, plan);
    await env.run(buildxBuild(opts), { cwd: place.cwd, env: buildEnv(ctx, plan) });
    return;
  }
  // Without buildx (Debian's docker.io ships none): the classic builder, for what it can do.
  if (plan.remote) throw new GantryError(`building ${plan.remoteArches.join(', ')} on builder.remote needs docker buildx on this machine`);
  const opts = buildOptions(ctx, place.context, undefined);
  if (opts.arches.length > 1) throw new GantryError(`building for ${opts.arches.join(' and ')} needs docker buildx on this machine`);
  if (ctx.config.config.builder?.secrets?.length) throw new GantryError('builder.secrets need BuildKit: install docker buildx on this machine');
  if (ctx.config.config.builder?.cache) ctx.log('builder.cache not used: it needs docker buildx, which is not installed here');
  // A current docker CLI refuses to build without buildx unless told to use the classic builder.
  await env.run(dockerBuildAndPush(opts), { cwd: place.cwd, env: { ...buildEnv(ctx, plan), DOCKER_BUILDKIT: '0' } });
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
