import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import { PRUNE_PLAN_AWK, UNUSED_TAGS_AWK, pruneContainers, pruneContainersAndImages, pruneDanglingImages, pruneImages, pruneTaggedImages } from '../../../plugins/prune/commands.js';

const UNUSED =
  `awk '$1 == "used" { used[$2] = 1; next } $1 == "image" && $2 !~ /:(latest(-.*)?|<none>)$/ && !($2 in used) { print $2 }'`;
const IMAGES_AFTER =
  "images=$( docker image ls --filter label=service=app --format 'image {{.Repository}}:{{.Tag}}' )" +
  " && { case $images in *'<none>'*) docker image prune --force --filter label=service=app ;; esac; }" +
  ` && unused=$( printf '%s\\n' "$plan" "$images" | ${UNUSED} )` +
  ' && { [ -z "$unused" ] || docker rmi $unused; }';

test('containers: stopped ones beyond the newest `retain`, in one docker rm', () => {
  assert.is(
    toShell(pruneContainers({ service: 'app', retain: 5 })),
    'stopped=$( docker ps -q -a --filter label=service=app --filter label=destination= --filter status=created --filter status=exited --filter status=dead )' +
      " && removed=$( printf '%s\\n' $stopped | tail -n +6 ) && { [ -z \"$removed\" ] || docker rm $removed; }",
  );
  assert.is(
    toShell(pruneContainers({ service: 'app', destination: 'staging', retain: 1 })),
    'stopped=$( docker ps -q -a --filter label=service=app --filter label=destination=staging --filter status=created --filter status=exited --filter status=dead )' +
      " && removed=$( printf '%s\\n' $stopped | tail -n +2 ) && { [ -z \"$removed\" ] || docker rm $removed; }",
  );
  assert.throws(() => pruneContainers({ service: 'app', retain: 0 }), /positive integer/);
});

test('images: one container listing, one image listing; prune and rmi only when needed', () => {
  assert.is(toShell(pruneImages('app')), `plan=$( docker ps --all --filter label=service=app --format 'used {{.Image}}' ) && ${IMAGES_AFTER}`);
});

test('containers and images: one container listing plans both', () => {
  assert.is(
    toShell(pruneContainersAndImages({ service: 'app', destination: 'staging', retain: 2 })),
    `containers=$( docker ps --all --filter label=service=app --format '{{.ID}} {{.State}} {{.Image}} {{.Label "destination"}}' )` +
      ` && plan=$( printf '%s\\n' "$containers" | awk -v destination=staging -v retain=2 '${PRUNE_PLAN_AWK}' )` +
      ` && removed=$( printf '%s\\n' "$plan" | awk '$1 == "rm" { print $2 }' ) && { [ -z "$removed" ] || docker rm $removed; }` +
      ` && ${IMAGES_AFTER}`,
  );
  assert.throws(() => pruneContainersAndImages({ service: 'app', retain: 0 }), /positive integer/);
});

const awk = (program: string, input: string[], vars: string[] = []) =>
  spawnSync('awk', [...vars.flatMap((v) => ['-v', v]), program], { input: `${input.join('\n')}\n`, encoding: 'utf8' }).stdout;

test('the plan: this destination’s stopped containers beyond `retain` go; every other container’s image is used', () => {
  const listing = [
    'c9 running app:v9 ',
    'c8 exited app:v8 ',
    'c7 restarting app:v7 ',
    'c6 exited app:v6 staging',
    'c5 created app:v5 ',
    'c4 dead app:v4 ',
    'c3 exited 1a2b3c4d5e6f ',
    'c2 paused app:v2 ',
  ];
  assert.is(
    awk(PRUNE_PLAN_AWK, listing, ['destination=', 'retain=2']),
    ['used app:v9', 'used app:v8', 'used app:v7', 'used app:v6', 'used app:v5', 'rm c4', 'rm c3', 'used app:v2', ''].join('\n'),
  );
  assert.is(awk(PRUNE_PLAN_AWK, listing, ['destination=staging', 'retain=1']), listing.map((l) => `used ${l.split(' ')[2]}`).join('\n') + '\n');
  // No container at all: printf's one empty line plans nothing to remove.
  assert.not.match(awk(PRUNE_PLAN_AWK, [''], ['destination=', 'retain=1']), /^rm/m);
});

test('dangling images', () => {
  assert.equal(pruneDanglingImages('app'), ['docker', 'image', 'prune', '--force', '--filter', 'label=service=app']);
});

test('tagged images (app remove): one pipeline', () => {
  assert.is(
    toShell(pruneTaggedImages('app')),
    "( docker ps --all --filter label=service=app --format 'used {{.Image}}' ; docker image ls --filter label=service=app --format 'image {{.Repository}}:{{.Tag}}' )" +
      ` | ${UNUSED} | while read tag; do docker rmi "$tag"; done`,
  );
});

test('unused tags go; used, latest and untagged stay; plan `rm` lines and empty lines are ignored', () => {
  const input = [
    'used ghcr.io/dhh/app:v3',
    'rm c1',
    'used ghcr.io/dhh/app:v2',
    '',
    'image ghcr.io/dhh/app:v3',
    'image ghcr.io/dhh/app:v2',
    'image ghcr.io/dhh/app:v1',
    'image ghcr.io/dhh/app:latest',
    'image ghcr.io/dhh/app:latest-staging',
    'image ghcr.io/dhh/app:<none>',
    'image localhost:5000/dhh/app:v0',
  ];
  assert.is(awk(UNUSED_TAGS_AWK, input), 'ghcr.io/dhh/app:v1\nlocalhost:5000/dhh/app:v0\n');
});

test.run();
