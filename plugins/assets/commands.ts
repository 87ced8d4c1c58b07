/**
 * Asset bridging for proxied roles with `asset_path`: during a switch, old pages may ask for new
 * assets and new pages for old ones. The image's assets are copied to the host, then merged both
 * ways between the old and new versions' volume directories, which are mounted over asset_path.
 *
 * Layout (Kamal's): `<run>/apps/<service>[-<destination>]/assets/{extracted,volumes}/<role>-<version>`.
 */
import { posix } from 'node:path';
import { and, or, raw, seq, subshell } from '../../core/transport/quote.js';
import type { Command, Word } from '../../core/transport/types.js';
import { volumeArgs } from '../docker/api.js';
import { appDirectory } from '../app/api.js';
import type { AppScope } from '../app/api.js';

export interface AssetPath {
  /** Directory inside the image. */
  path: string;
  /** Volume options such as `ro` or `z`. */
  options?: string;
}

/** `/rails/public/assets:ro` → path and volume options. */
export function splitAssetPath(assetPath: string): AssetPath {
  const [path, options] = assetPath.split(/:(.*)/s, 2) as [string, string | undefined];
  return options ? { path, options } : { path };
}

export function assetsDirectory(runDir: string, scope: AppScope): string {
  return posix.join(appDirectory(runDir, scope), 'assets');
}

export function extractedAssetsDir(runDir: string, scope: AppScope, role: string, version: string): string {
  return posix.join(assetsDirectory(runDir, scope), 'extracted', `${role}-${version}`);
}

export function assetVolumeDir(runDir: string, scope: AppScope, role: string, version: string): string {
  return posix.join(assetsDirectory(runDir, scope), 'volumes', `${role}-${version}`);
}

/** The `--volume` mounting the version's asset directory over the asset path. */
export function assetVolumeArgs(volumeDir: string, assetPath: AssetPath): Word[] {
  return volumeArgs(volumeDir, assetPath.path, assetPath.options);
}

export interface ExtractAssetsOptions {
  /** containerPrefix() of the role; the helper container is `<prefix>-assets`. */
  containerPrefix: string;
  image: string;
  /** The directory inside the image. */
  assetPath: string;
  extractedDir: string;
}

/**
 * Copies the image's assets to the host through a created, never started, container (`true` is
 * only there for images without a CMD). A helper left by an interrupted run is removed first.
 */
export function extractAssets(opts: ExtractAssetsOptions): Command {
  const helper = `${opts.containerPrefix}-assets`;
  return seq(
    ['docker', 'rm', '-f', helper, raw('> /dev/null 2>&1')],
    and(
      ['mkdir', '-p', opts.extractedDir],
      ['docker', 'container', 'create', '--name', helper, opts.image, 'true'],
      ['docker', 'cp', '-L', `${helper}:${opts.assetPath}/.`, opts.extractedDir],
      ['docker', 'rm', '-f', helper],
    ),
  );
}

export interface SyncAssetsOptions {
  newExtracted: string;
  newVolume: string;
  /** The running version's directories; absent on a first deploy. */
  oldExtracted?: string;
  oldVolume?: string;
}

/**
 * Fills the new volume with the new assets (a failure fails the command); then, best effort,
 * adds the new assets to the old volume and the old assets to the new one. `-n` never
 * overwrites, so every file keeps the content of its own version.
 */
export function syncAssetVolumes(opts: SyncAssetsOptions): Command {
  const fill = [['mkdir', '-p', opts.newVolume], copyContents(opts.newExtracted, opts.newVolume)];
  if (!opts.oldExtracted || !opts.oldVolume) return and(...fill);
  const bestEffort = (from: string, to: string) => subshell(or(copyContents(from, to), ['true']));
  return and(...fill, bestEffort(opts.newExtracted, opts.oldVolume), bestEffort(opts.oldExtracted, opts.newVolume));
}

function copyContents(from: string, to: string): Command {
  return ['cp', '-rnT', from, to];
}

/**
 * Removes a role's asset directories except the versions kept: after a switch the stopped old
 * container still mounts the previous version's directory, so the caller keeps that one too.
 */
export interface KeepAssetsOptions {
  runDir: string;
  scope: AppScope;
  role: string;
  /** Versions whose directories stay (the new one and the one it replaced). */
  keep: readonly string[];
  /** Other roles of the app: `web-*` must not match the directories of a role named `web-admin`. */
  otherRoles?: readonly string[];
}

export function removeOtherAssetVersions(opts: KeepAssetsOptions): Command {
  const lookalikes = (opts.otherRoles ?? []).filter((role) => role.startsWith(`${opts.role}-`));
  const find = (kind: string): Command => [
    'find',
    posix.join(assetsDirectory(opts.runDir, opts.scope), kind),
    '-maxdepth',
    '1',
    '-name',
    `${opts.role}-*`,
    ...opts.keep.flatMap((version) => ['!', '-name', `${opts.role}-${version}`]),
    ...lookalikes.flatMap((role) => ['!', '-name', `${role}-*`]),
    '-exec',
    'rm',
    '-rf',
    '{}',
    '+',
  ];
  return seq(find('extracted'), find('volumes'));
}
