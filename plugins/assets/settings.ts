/** Which roles bridge assets (proxied roles with an `asset_path`, as Kamal) and where their files go. */
import type { RunContext } from '../../core/graph/model.js';
import { isProxied, roleSection, roleScope, runDirectory } from '../app/api.js';
import { allRoles } from '../app/api.js';
import { assetVolumeDir, extractedAssetsDir, splitAssetPath, type AssetPath } from './commands.js';

/** The role's asset path (its own, else the root one), or undefined when it bridges no assets. */
export function roleAssetPath(ctx: RunContext, role: string): AssetPath | undefined {
  const configured = roleSection(ctx, role).asset_path ?? ctx.config.config.asset_path;
  return configured && isProxied(ctx, role) ? splitAssetPath(configured) : undefined;
}

export function assetRoles(ctx: RunContext): string[] {
  return allRoles(ctx).filter((role) => roleAssetPath(ctx, role));
}

export function assetDirs(ctx: RunContext, role: string, version: string): { extracted: string; volume: string } {
  const scope = roleScope(ctx, role);
  const runDir = runDirectory(ctx);
  return { extracted: extractedAssetsDir(runDir, scope, role, version), volume: assetVolumeDir(runDir, scope, role, version) };
}
