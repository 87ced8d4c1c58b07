import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import {
  appContainers,
  appRun,
  currentContainer,
  ensureEnvDirectory,
  removeAppContainers,
  untagImage,
  runningContainerNames,
  staleVersions,
  startContainer,
  stopContainer,
  tagLatest,
  type AppRunOptions,
} from '../../../plugins/app/commands.js';
import { assetVolumeArgs, splitAssetPath } from '../../../plugins/assets/commands.js';

const web: AppRunOptions = {
  service: 'app',
  role: 'web',
  version: '999',
  image: 'dhh/app:999',
  host: '1.1.1.1',
  hostname: '1.1.1.1-0123456789ab',
  envFile: '.kamal/apps/app/env/roles/web.env',
};

test('run: the minimal container, as Kamal plus GANTRY_* env', () => {
  assert.is(
    toShell(appRun(web)),
    'docker run --detach --restart unless-stopped --name app-web-999 --network kamal --hostname 1.1.1.1-0123456789ab' +
      ' --env KAMAL_CONTAINER_NAME=app-web-999 --env KAMAL_VERSION=999 --env KAMAL_HOST=1.1.1.1' +
      ' --env GANTRY_CONTAINER_NAME=app-web-999 --env GANTRY_VERSION=999 --env GANTRY_HOST=1.1.1.1' +
      ' --env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=10m' +
      ' --label service=app --label role=web --label destination dhh/app:999',
  );
});

test('run: destination, env, logging, volumes, assets, labels, options and cmd', () => {
  const cmd = appRun({
    ...web,
    destination: 'staging',
    version: 'abc',
    image: 'ghcr.io/dhh/app:abc',
    env: { RAILS_ENV: 'production', WEIRD: `it's "$HOME" ; rm -rf /` },
    envFile: '.kamal/apps/app-staging/env/roles/web.env',
    logging: { driver: 'local', options: { 'max-size': '100m', 'max-file': '3' } },
    volumes: ['/data/storage:/rails/storage'],
    extraArgs: assetVolumeArgs('.kamal/apps/app-staging/assets/volumes/web-abc', splitAssetPath('/rails/public/assets:ro')),
    labels: { 'traefik.enable': 'false' },
    options: { 'cap-add': true, memory: '1g', 'add-host': ['a:1.2.3.4', 'b:1.2.3.5'] },
    cmd: ['bin/jobs', '--queue', 'a b'],
  });
  assert.is(
    toShell(cmd),
    'docker run --detach --restart unless-stopped --name app-web-staging-abc --network kamal --hostname 1.1.1.1-0123456789ab' +
      ' --env KAMAL_CONTAINER_NAME=app-web-staging-abc --env KAMAL_VERSION=abc --env KAMAL_HOST=1.1.1.1 --env KAMAL_DESTINATION=staging' +
      ' --env GANTRY_CONTAINER_NAME=app-web-staging-abc --env GANTRY_VERSION=abc --env GANTRY_HOST=1.1.1.1 --env GANTRY_DESTINATION=staging' +
      ` --env RAILS_ENV=production --env 'WEIRD=it'\\''s "$HOME" ; rm -rf /'` +
      ' --env-file .kamal/apps/app-staging/env/roles/web.env --log-driver local --log-opt max-size=100m --log-opt max-file=3' +
      ' --volume /data/storage:/rails/storage --volume "$PWD"/.kamal/apps/app-staging/assets/volumes/web-abc:/rails/public/assets:ro' +
      ' --label service=app --label role=web --label destination=staging --label traefik.enable=false' +
      " --cap-add --memory 1g --add-host a:1.2.3.4 --add-host b:1.2.3.5 ghcr.io/dhh/app:abc bin/jobs --queue 'a b'",
  );
  assert.ok(cmd.includes(`WEIRD=it's "$HOME" ; rm -rf /`), 'a clear env value is one argv word');
});

test('run: a driver without options sets no default max-size; no env file without secrets', () => {
  const cmd = appRun({ ...web, envFile: undefined, logging: { driver: 'journald' }, network: 'private' });
  assert.ok(toShell(cmd).includes('--network private'));
  assert.ok(toShell(cmd).includes('--log-driver journald --label service=app'));
  assert.not.ok(cmd.includes('--env-file'));
});

test('run: reserved labels cannot be overridden', () => {
  assert.throws(() => appRun({ ...web, labels: { role: 'other' } }), /role are set by Gantry/);
});

test('env directory', () => {
  assert.equal(ensureEnvDirectory('.kamal', { service: 'app', destination: 'staging' }), ['mkdir', '-p', '.kamal/apps/app-staging/env/roles']);
});

test('current container: newest live one from the latest image, else newest live one', () => {
  assert.is(
    toShell(currentContainer({ service: 'app', role: 'web' }, 'dhh/app:latest', 'id')),
    '( docker ps --latest --quiet --filter label=service=app --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting --filter ancestor=dhh/app:latest' +
      ' ; docker ps --latest --quiet --filter label=service=app --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting ) | head -1',
  );
  assert.is(
    toShell(currentContainer({ service: 'app', role: 'web', destination: 'staging' }, 'dhh/app:latest-staging', 'name')),
    "( docker ps --latest --filter label=service=app --filter label=destination=staging --filter label=role=web --filter status=running --filter status=restarting --filter ancestor=dhh/app:latest-staging --format '{{.Names}}'" +
      " ; docker ps --latest --filter label=service=app --filter label=destination=staging --filter label=role=web --filter status=running --filter status=restarting --format '{{.Names}}' ) | head -1",
  );
});

test('stale containers: running versions other than the current one', () => {
  const scope = { service: 'app', role: 'web' };
  assert.is(
    toShell(runningContainerNames(scope)),
    "docker ps --filter label=service=app --filter label=destination= --filter label=role=web --format '{{.Names}}'",
  );
  assert.equal(staleVersions(scope, ['app-web-3', 'app-web-2 ', 'app-web-1', 'unrelated'], '3'), ['2', '1']);
  assert.equal(staleVersions(scope, ['app-web-3'], undefined), ['3']);
});

test('stop, start, remove, tag', () => {
  assert.equal(stopContainer('app-web-1'), ['docker', 'stop', 'app-web-1']);
  assert.equal(stopContainer('app-web-1', 30), ['docker', 'stop', '-t', '30', 'app-web-1']);
  assert.equal(startContainer('app-web-1'), ['docker', 'start', 'app-web-1']);
  assert.equal(tagLatest('dhh/app:999', 'dhh/app:latest-staging'), ['docker', 'tag', 'dhh/app:999', 'dhh/app:latest-staging']);
});

test('app-wide listings and removal by labels', () => {
  assert.is(toShell(appContainers({ service: 'app' })), 'docker container ls --all --filter label=service=app --filter label=destination=');
  assert.is(
    toShell(removeAppContainers({ service: 'app', destination: 'staging', role: 'web' })),
    'docker container prune --force --filter label=service=app --filter label=destination=staging --filter label=role=web',
  );
  assert.equal(untagImage('app:latest-staging'), ['docker', 'image', 'rm', 'app:latest-staging']);
});

test.run();
