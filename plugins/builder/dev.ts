/**
 * `build dev`, as Kamal's: the working tree as it is (uncommitted and untracked files included)
 * built into the local image store, tagged `<version>-dirty` and `latest[-<dest>]-dirty` so it
 * never stands in for a deployed image. The version is the working tree's (`<sha>_uncommitted_<hash>`
 * when it has changes). Nothing is pushed unless `--output registry` asks for it.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskEnv, TaskNode } from '../../core/graph/model.js';
import { buildxVersion, imageRef } from '../docker/api.js';
import { buildxBuild, dockerBuild, pushImage, type BuildOptions } from './commands.js';
import { gitStatus } from './git.js';
import { CLASSIC_OUTPUTS, PLUGIN_NAME, buildEnv, builderPlan } from './nodes.js';
import { buildOptions, buildOutput } from './options.js';
import { ensureBuilder } from './setup.js';

export const DEV = 'build:dev';
const DIRTY = '-dirty';

/** The options of a dev build: the working tree's context, `-dirty` tags, the local image store by default. */
export function devBuildOptions(base: BuildOptions): BuildOptions {
  return { ...base, version: base.version + DIRTY, latestTag: base.latestTag + DIRTY, output: base.output ?? 'docker' };
}

async function buildDev(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const { root } = ctx.config;
  const status = await env.probe(gitStatus(root));
  const changes = status.code === 0 ? status.stdout.trimEnd() : '';
  if (changes) ctx.log(`building the working tree, these uncommitted changes included:\n${changes}`);
  const buildx = (await env.probe(buildxVersion())).code === 0;
  const context = ctx.config.config.builder?.context ?? '.';
  if (buildx) {
    const plan = await builderPlan(env);
    await ensureBuilder(env, plan);
    await env.run(buildxBuild(devBuildOptions(buildOptions(ctx, context, plan))), { cwd: root, env: buildEnv(ctx, plan) });
    return;
  }
  const opts = devBuildOptions(buildOptions(ctx, context, undefined));
  if (!CLASSIC_OUTPUTS.includes(opts.output!)) throw new GantryError(`--output ${buildOutput(ctx)} needs docker buildx on this machine (without it: docker or registry)`);
  if (ctx.config.config.builder?.remote) throw new GantryError('builder.remote needs docker buildx on this machine');
  if (ctx.config.config.builder?.secrets?.length) throw new GantryError('builder.secrets need BuildKit: install docker buildx on this machine');
  // Without buildx, a current docker CLI refuses to build unless told to use the classic builder.
  await env.run(dockerBuild(opts), { cwd: root, env: { ...buildEnv(ctx, undefined), DOCKER_BUILDKIT: '0' } });
  if (opts.output === 'registry') for (const tag of [opts.version, opts.latestTag]) await env.run(pushImage(imageRef(opts.repository, tag)));
}

export function devNode(dependsOn: string[]): TaskNode {
  return { id: DEV, title: 'build the working tree (tagged -dirty)', plugin: PLUGIN_NAME, dependsOn, scope: 'local', run: buildDev };
}
