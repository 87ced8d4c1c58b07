/**
 * The build as four nodes, so the graph shows each step: `build:clone` (where to build: a clean
 * clone or the working tree), `build:setup` (buildx or the classic CLI, the buildx builder),
 * `build:image` (the build) and `build:push` (both tags). `docker buildx build --push` pushes in
 * the build, so with buildx `build:push` is skipped and says so; the classic CLI pushes there.
 * build:setup plans the builder: the local Docker daemon (whatever DOCKER_HOST says), the remote
 * builder, or both (see plan.ts). The nodes pass their results on in run state under this
 * plugin's own keys.
 */
import { GantryError } from '../../core/errors.js';
import type { RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import { buildxVersion, dockerArchitecture, imageRef } from '../docker/api.js';
import { prepareClone } from './clone.js';
import { buildxBuild, dockerBuild, pushImage } from './commands.js';
import { gitStatus, gitTopLevel } from './git.js';
import { buildOptions, buildOutput, builderInput } from './options.js';
import { dockerArch, needsLocalArch, planBuilder, type BuilderPlan } from './plan.js';
import { ensureBuilder } from './setup.js';

export const PLUGIN_NAME = 'builder';
export const CLONE = 'build:clone';
export const SETUP = 'build:setup';
export const BUILD = 'build:image';
export const PUSH = 'build:push';

const PLACE_KEY = 'builder:place';
const PLAN_KEY = 'builder:plan';

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
export function buildEnv(ctx: RunContext, plan: BuilderPlan | undefined): Record<string, string> | undefined {
  const names = ctx.config.config.builder?.secrets ?? [];
  const vars: Record<string, string> = Object.fromEntries(names.map((name) => [name, ctx.config.secrets.get(name)]));
  // As Kamal: a remote BuildKit must not ask the client for registry tokens.
  if (plan?.remote) vars.BUILDKIT_NO_CLIENT_TOKEN = '1';
  return Object.keys(vars).length ? vars : undefined;
}

/** The builder plan, asking Docker for this machine's arch only when a remote could take some arches. */
export async function builderPlan(env: TaskEnv): Promise<BuilderPlan> {
  const input = builderInput(env.ctx);
  if (!needsLocalArch(input)) return planBuilder(input);
  const info = await env.probe(dockerArchitecture());
  return planBuilder(input, info.code === 0 ? dockerArch(info.stdout) : undefined);
}

/** The builder plan when buildx builds, undefined for the classic CLI (found by build:setup). */
function buildxPlan(ctx: RunContext): BuilderPlan | undefined {
  return ctx.state.get(PLAN_KEY) as BuilderPlan | undefined;
}

async function clone(env: TaskEnv): Promise<void> {
  env.ctx.state.set(PLACE_KEY, await buildPlace(env));
}

async function setup(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const buildx = (await env.probe(buildxVersion())).code === 0;
  const plan = await builderPlan(env);
  if (buildx) {
    await ensureBuilder(env, plan);
    ctx.state.set(PLAN_KEY, plan);
    return;
  }
  // Without buildx (Debian's docker.io ships none): the classic builder, for what it can do.
  if (plan.remote) throw new GantryError(`building ${plan.remoteArches.join(', ')} on builder.remote needs docker buildx on this machine`);
  const { arches } = buildOptions(ctx, '.', undefined);
  if (arches.length > 1) throw new GantryError(`building for ${arches.join(' and ')} needs docker buildx on this machine`);
  if (ctx.config.config.builder?.secrets?.length) throw new GantryError('builder.secrets need BuildKit: install docker buildx on this machine');
  // The registry and gha caches are BuildKit exports: `docker build` cannot write or read them.
  if (ctx.config.config.builder?.cache) {
    throw new GantryError('builder.cache needs docker buildx on this machine (the classic docker build has no cache export): install docker buildx, or remove builder.cache');
  }
  const output = buildOutput(ctx);
  if (output && !CLASSIC_OUTPUTS.includes(output)) throw new GantryError(`--output ${output} needs docker buildx on this machine (without it: registry or docker)`);
}

async function build(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const place = ctx.state.get(PLACE_KEY) as BuildPlace;
  const plan = buildxPlan(ctx);
  const opts = buildOptions(ctx, place.context, plan);
  // Without buildx, a current docker CLI refuses to build unless told to use the classic builder.
  const processEnv = plan ? buildEnv(ctx, plan) : { ...buildEnv(ctx, undefined), DOCKER_BUILDKIT: '0' };
  await env.run(plan ? buildxBuild(opts) : dockerBuild(opts), { cwd: place.cwd, env: processEnv });
}

async function push(env: TaskEnv): Promise<void> {
  const opts = buildOptions(env.ctx, '.', undefined);
  for (const tag of [opts.version, opts.latestTag]) await env.run(pushImage(imageRef(opts.repository, tag)));
}

const skipPush = (ctx: RunContext): string | false => (ctx.options.skipPush ? '--skip-push' : false);

/** What the classic `docker build` can do: keep the image in the local store, then push it or not. */
export const CLASSIC_OUTPUTS = ['registry', 'docker'];

/** `--output docker` keeps the image in the local image store. */
function notPushed(ctx: RunContext): string | false {
  const output = buildOutput(ctx);
  return output && output !== 'registry' ? `--output ${output}: not pushed` : false;
}

function localNode(id: string, title: string, dependsOn: string[], run: (env: TaskEnv) => Promise<void>): TaskNode {
  // `build pull` pulls what an earlier `build push` pushed.
  return { id, title, plugin: PLUGIN_NAME, dependsOn, scope: 'local', omitFrom: ['rollback', 'build pull'], skip: skipPush, run };
}

export interface BuildNodes {
  clone: TaskNode;
  setup: TaskNode;
  image: TaskNode;
  push: TaskNode;
}

/** The four nodes, each waiting for the one before. */
export function buildNodes(): BuildNodes {
  return {
    clone: localNode(CLONE, 'find the build directory (clean clone or working tree)', [], clone),
    setup: localNode(SETUP, 'set up the builder', [CLONE], setup),
    image: localNode(BUILD, 'build the image', [SETUP], build),
    push: {
      ...localNode(PUSH, 'push the image', [BUILD], push),
      skip: (ctx) => skipPush(ctx) || notPushed(ctx) || (buildxPlan(ctx) ? 'pushed by docker buildx build --push' : false),
    },
  };
}
