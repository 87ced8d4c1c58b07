/**
 * Prune argv: stopped containers beyond the retained ones, dangling images, then tagged images
 * no container uses. `latest` tags are always kept (`app boot` without a version needs them),
 * and the number of retained containers is how far back a rollback can go.
 */
import { pipe, raw, seq, subshell } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { filterArgs, listContainers } from '../docker/api.js';

export interface PruneContainersOptions {
  service: string;
  /** This destination's containers only; none means containers deployed without one (`label=destination=`). */
  destination?: string;
  /** Stopped containers kept, newest first (retain_containers, default 5). */
  retain: number;
}

/** `docker ps` lists newest first, so everything after the first `retain` lines goes. */
export function pruneContainers(opts: PruneContainersOptions): Command {
  if (!Number.isInteger(opts.retain) || opts.retain < 1) throw new Error(`retain must be a positive integer, got ${opts.retain}`);
  const filters = [
    `label=service=${opts.service}`,
    // Unlike Kamal, always filtered: a host shared by destinations keeps each one's rollback depth.
    `label=destination=${opts.destination ?? ''}`,
    'status=created',
    'status=exited',
    'status=dead',
  ];
  return pipe(
    ['docker', 'ps', '-q', '-a', ...filterArgs(filters)],
    ['tail', '-n', `+${opts.retain + 1}`],
    [raw('while read container_id; do docker rm "$container_id"; done')],
  );
}

/** Untagged images of the service (left behind when a tag moves to a newer build). */
export function pruneDanglingImages(service: string): Command {
  return ['docker', 'image', 'prune', '--force', '--filter', `label=service=${service}`];
}

// Reads `used <image>` lines (the images the service's containers were created from), then
// `image <repo:tag>` lines, and prints the tags nobody uses. Kept: `latest` and `latest-<dest>`
// tags, so destinations sharing a host keep theirs, and untagged `<none>` images, left to
// pruneDanglingImages, which knows whether a container still needs them.
const UNUSED_TAGS_AWK = '$1 == "used" { used[$2] = 1; next } $2 !~ /:(latest(-.*)?|<none>)$/ && !($2 in used) { print $2 }';

/**
 * `docker rmi` of every tagged image of the service that no container (running or stopped) was
 * created from. One pipeline, one round trip.
 */
export function pruneTaggedImages(service: string): Command {
  return pipe(
    subshell(
      seq(
        listContainers({ all: true, filters: [`label=service=${service}`], format: 'used {{.Image}}' }),
        ['docker', 'image', 'ls', '--filter', `label=service=${service}`, '--format', 'image {{.Repository}}:{{.Tag}}'],
      ),
    ),
    ['awk', UNUSED_TAGS_AWK],
    [raw('while read tag; do docker rmi "$tag"; done')],
  );
}
