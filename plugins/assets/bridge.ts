/**
 * The per-host work of asset bridging: prepare before boot (extract, then merge old and new both
 * ways), the volume the new container mounts, and the cleanup once the old container stopped.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import type { Word } from '../../core/transport/types.js';
import { containerPrefix } from '../app/api.js';
import { roleScope, runDirectory, versionImage } from '../app/api.js';
import type { RoleBoot } from '../app/api.js';
import { allRoles } from '../app/api.js';
import { removeOtherAssetVersions } from './commands.js';
import { assetVolumeArgs, extractAssets, syncAssetVolumes } from './commands.js';
import { runningContainerName, versionOf } from './running-version.js';
import { assetDirs, assetRoles, roleAssetPath } from './settings.js';

/** Run state: the version each (host, role) ran before this deploy, for the cleanup. */
const previousKey = (env: TaskEnv, role: string) => `assets:previous:${env.host?.name}:${role}`;

export async function prepareAssets(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  for (const role of (env.host?.roles ?? []).filter((r) => assetRoles(ctx).includes(r))) {
    const assetPath = roleAssetPath(ctx, role)!;
    const fresh = assetDirs(ctx, role, ctx.version);
    await env.run(
      extractAssets({ containerPrefix: containerPrefix(roleScope(ctx, role)), image: versionImage(ctx), assetPath: assetPath.path, extractedDir: fresh.extracted }),
    );
    const running = versionOf(ctx, role, await env.capture(runningContainerName(ctx, role)));
    const previous = running && running !== ctx.version ? running : undefined;
    if (previous) ctx.state.set(previousKey(env, role), previous);
    const old = previous ? assetDirs(ctx, role, previous) : undefined;
    await env.run(syncAssetVolumes({ newExtracted: fresh.extracted, newVolume: fresh.volume, oldExtracted: old?.extracted, oldVolume: old?.volume }));
  }
}

/** The `docker run` words mounting the role's asset volume for the booting version. */
export function assetVolume({ env, role, version }: RoleBoot): Word[] {
  const assetPath = roleAssetPath(env.ctx, role);
  return assetPath ? assetVolumeArgs(assetDirs(env.ctx, role, version).volume, assetPath) : [];
}

/** The old container stopped: asset versions other than this one and the previous one go. */
export async function assetCleanup({ env, role, version }: RoleBoot): Promise<void> {
  if (!roleAssetPath(env.ctx, role)) return;
  const previous = env.ctx.state.get(previousKey(env, role));
  await env.run(
    removeOtherAssetVersions({
      runDir: runDirectory(env.ctx),
      scope: roleScope(env.ctx, role),
      role,
      keep: typeof previous === 'string' ? [version, previous] : [version],
      otherRoles: allRoles(env.ctx).filter((r) => r !== role),
    }),
  );
}
