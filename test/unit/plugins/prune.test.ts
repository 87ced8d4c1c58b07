import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import { pruneContainers, pruneDanglingImages, pruneTaggedImages } from '../../../plugins/prune/commands.js';

test('containers: stopped ones beyond the newest `retain`', () => {
  assert.is(
    toShell(pruneContainers({ service: 'app', retain: 5 })),
    'docker ps -q -a --filter label=service=app --filter label=destination= --filter status=created --filter status=exited --filter status=dead | tail -n +6 | while read container_id; do docker rm "$container_id"; done',
  );
  assert.is(
    toShell(pruneContainers({ service: 'app', destination: 'staging', retain: 1 })),
    'docker ps -q -a --filter label=service=app --filter label=destination=staging --filter status=created --filter status=exited --filter status=dead | tail -n +2 | while read container_id; do docker rm "$container_id"; done',
  );
  assert.throws(() => pruneContainers({ service: 'app', retain: 0 }), /positive integer/);
});

test('dangling images', () => {
  assert.equal(pruneDanglingImages('app'), ['docker', 'image', 'prune', '--force', '--filter', 'label=service=app']);
});

test('tagged images: one pipeline', () => {
  assert.is(
    toShell(pruneTaggedImages('app')),
    "( docker ps --all --filter label=service=app --format 'used {{.Image}}' ; docker image ls --filter label=service=app --format 'image {{.Repository}}:{{.Tag}}' )" +
      ` | awk '$1 == "used" { used[$2] = 1; next } $2 !~ /:(latest(-.*)?|<none>)$/ && !($2 in used) { print $2 }'` +
      ' | while read tag; do docker rmi "$tag"; done',
  );
});

test('tagged images: unused tags go; used, latest and untagged stay', () => {
  const cmd = pruneTaggedImages('app');
  const awk = cmd[cmd.indexOf('awk') + 1];
  assert.type(awk, 'string');
  const input = [
    'used ghcr.io/dhh/app:v3',
    'used ghcr.io/dhh/app:v2',
    'image ghcr.io/dhh/app:v3',
    'image ghcr.io/dhh/app:v2',
    'image ghcr.io/dhh/app:v1',
    'image ghcr.io/dhh/app:latest',
    'image ghcr.io/dhh/app:latest-staging',
    'image ghcr.io/dhh/app:<none>',
    'image localhost:5000/dhh/app:v0',
  ].join('\n');
  const result = spawnSync('awk', [awk as string], { input, encoding: 'utf8' });
  assert.is(result.stdout, 'ghcr.io/dhh/app:v1\nlocalhost:5000/dhh/app:v0\n');
});

test.run();
