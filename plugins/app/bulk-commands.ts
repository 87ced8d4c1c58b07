/**
 * Argv for commands acting on all of an app's containers or images at once (app remove,
 * app images). Pure, like commands.ts.
 */
import { pipe } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { listContainers } from '../docker/api.js';
import { appFilters, type AppScope } from './naming.js';

/** Stops every running container of the app (all roles); nothing to stop is no error. */
export function stopAppContainers(scope: AppScope): Command {
  return pipe(listContainers({ quiet: true, filters: appFilters(scope) }), ['xargs', '-r', 'docker', 'stop']);
}

/** The app's images on the host, as a table. */
export function listAppImages(repository: string): Command {
  return ['docker', 'image', 'ls', repository];
}

/** `rm -rf`: removing the app's directory succeeds when an earlier remove already did it. */
export function removeDirectoryIfPresent(dir: string): Command {
  return ['rm', '-rf', dir];
}
