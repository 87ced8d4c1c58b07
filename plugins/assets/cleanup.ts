/**
 * Asset cleanup that keeps more than one version (a new builder beside commands.ts'
 * cleanupAssets, which keeps one): after a switch the stopped old container still mounts the
 * previous version's directory, so only versions older than that one go.
 */
import { posix } from 'node:path';
import { seq } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import type { AppScope } from '../app/naming.js';
import { assetsDirectory } from './commands.js';

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
