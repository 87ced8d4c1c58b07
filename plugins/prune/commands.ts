/**
 * Prune argv: stopped containers beyond the retained ones, dangling images, then tagged images
 * no container uses. `latest` tags are always kept (`app boot` without a version needs them),
 * and the number of retained containers is how far back a rollback can go.
 *
 * Every docker CLI call costs a few hundred milliseconds on a busy host, so each command lists
 * once, decides in the shell, and calls `docker rm` / `docker image prune` / `docker rmi` once,
 * and only when there is something to remove. A failed listing fails the command.
 */
import { and, pipe, raw, seq, subshell } from '../../core/transport/quote.js';
import type { Command, Word } from '../../core/transport/types.js';
import { filterArgs, listContainers } from '../docker/api.js';

export interface PruneContainersOptions {
  service: string;
  /** This destination's containers only; none means containers deployed without one (`label=destination=`). */
  destination?: string;
  /** Stopped containers kept, newest first (retain_containers, default 5). */
  retain: number;
}

function checkRetain(retain: number): void {
  if (!Number.isInteger(retain) || retain < 1) throw new Error(`retain must be a positive integer, got ${retain}`);
}

/** `name=$(cmd)`: the output of `cmd` in a shell variable; the status is cmd's. */
function assign(name: string, cmd: Command): Command {
  return [raw(`${name}=$(`), ...cmd, raw(')')];
}

/** `docker <words> $var` when `$var` lists something, else nothing (status 0). */
function whenListed(variable: string, words: string[]): Command {
  return [raw(`{ [ -z "$${variable}" ] ||`), ...words, raw(`$${variable}; }`)];
}

/** `docker ps` lists newest first, so everything after the first `retain` lines goes, in one `docker rm`. */
export function pruneContainers(opts: PruneContainersOptions): Command {
  checkRetain(opts.retain);
  const filters = [
    `label=service=${opts.service}`,
    // Unlike Kamal, always filtered: a host shared by destinations keeps each one's rollback depth.
    `label=destination=${opts.destination ?? ''}`,
    'status=created',
    'status=exited',
    'status=dead',
  ];
  return and(
    assign('stopped', ['docker', 'ps', '-q', '-a', ...filterArgs(filters)]),
    assign('removed', pipe([raw('printf'), "%s\\n", raw('$stopped')], ['tail', '-n', `+${opts.retain + 1}`])),
    whenListed('removed', ['docker', 'rm']),
  );
}

/** Untagged images of the service (left behind when a tag moves to a newer build). */
export function pruneDanglingImages(service: string): Command {
  return ['docker', 'image', 'prune', '--force', '--filter', `label=service=${service}`];
}

// Reads `used <image>` lines (the images the service's containers were created from), then
// `image <repo:tag>` lines, and prints the tags nobody uses; other lines are ignored. Kept:
// `latest` and `latest-<dest>` tags, so destinations sharing a host keep theirs, and untagged
// `<none>` images, left to pruneDanglingImages, which knows whether a container still needs them.
export const UNUSED_TAGS_AWK =
  '$1 == "used" { used[$2] = 1; next } $1 == "image" && $2 !~ /:(latest(-.*)?|<none>)$/ && !($2 in used) { print $2 }';

/**
 * The images part, once `$plan` holds the `used <image>` lines of the containers that stay:
 * one `docker image ls`; `docker image prune` only when it lists an untagged image; one
 * `docker rmi` of the unused tags, when there are any.
 */
function pruneImagesAfter(service: string): Command {
  return and(
    assign('images', ['docker', 'image', 'ls', '--filter', `label=service=${service}`, '--format', 'image {{.Repository}}:{{.Tag}}']),
    [raw("{ case $images in *'<none>'*)"), ...pruneDanglingImages(service), raw(';; esac; }')],
    assign('unused', pipe([raw('printf'), '%s\\n', raw('"$plan" "$images"')], ['awk', UNUSED_TAGS_AWK])),
    whenListed('unused', ['docker', 'rmi']),
  );
}

/** Dangling images of the service, then every tagged image no container (running or stopped) was created from. */
export function pruneImages(service: string): Command {
  return and(assign('plan', listContainers({ all: true, filters: [`label=service=${service}`], format: 'used {{.Image}}' })), pruneImagesAfter(service));
}

// One line per container of the service: `<id> <state> <image> <destination>` (the destination
// last: it is empty for containers deployed without one). Prints `rm <id>` for this destination's
// stopped containers beyond the newest `retain` (`docker ps` lists newest first), and
// `used <image>` for every container that stays, of any destination.
export const PRUNE_PLAN_AWK =
  '$2 ~ /^(created|exited|dead)$/ && $4 == destination && ++stopped > retain { print "rm", $1; next } { print "used", $3 }';

/**
 * `prune` and the end of a deploy: the containers, then the images they leave unused, from one
 * `docker ps` listing (five docker calls at most, two when there is nothing to remove).
 * Containers of the service that carry no destination label count as deployed without one.
 */
export function pruneContainersAndImages(opts: PruneContainersOptions): Command {
  checkRetain(opts.retain);
  const plan: Word[] = ['awk', '-v', `destination=${opts.destination ?? ''}`, '-v', `retain=${opts.retain}`, PRUNE_PLAN_AWK];
  return and(
    assign('containers', listContainers({ all: true, filters: [`label=service=${opts.service}`], format: '{{.ID}} {{.State}} {{.Image}} {{.Label "destination"}}' })),
    assign('plan', pipe([raw('printf'), '%s\\n', raw('"$containers"')], plan as Command)),
    assign('removed', pipe([raw('printf'), '%s\\n', raw('"$plan"')], ['awk', '$1 == "rm" { print $2 }'])),
    whenListed('removed', ['docker', 'rm']),
    pruneImagesAfter(opts.service),
  );
}

/**
 * `docker rmi` of every tagged image of the service that no container (running or stopped) was
 * created from. One pipeline, one round trip (app remove, once the containers are gone).
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
