import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import {
  buildCache,
  buildxBuild,
  createLocalBuilder,
  createRemoteBuilder,
  dockerBuild,
  pushImage,
  inspectBuilder,
  isMissingBuilderError,
  localBuilderName,
  remoteBuilderName,
  removeLocalBuilder,
  removeRemoteBuilder,
  type BuildOptions,
} from '../../../plugins/builder/commands.js';
import { imageRef, latestTag, repository } from '../../../plugins/docker/images.js';
import { dockerArch, needsLocalArch, planBuilder } from '../../../plugins/builder/plan.js';
import { builderLifecycle } from '../../../plugins/builder/setup.js';

const base: BuildOptions = {
  service: 'app',
  repository: 'dhh/app',
  version: '123',
  latestTag: 'latest',
  arches: ['amd64', 'arm64'],
  builder: 'kamal-local-docker-container',
  dockerfile: 'Dockerfile',
  context: '.',
};

test('image names', () => {
  assert.is(repository(undefined, 'dhh/app'), 'dhh/app');
  assert.is(repository('registry.example.com:5000', 'dhh/app'), 'registry.example.com:5000/dhh/app');
  assert.is(latestTag(), 'latest');
  assert.is(latestTag('staging'), 'latest-staging');
  assert.is(imageRef('dhh/app', 'latest-staging'), 'dhh/app:latest-staging');
});

test('buildx: platforms, builder, both tags, service label, context', () => {
  assert.is(
    toShell(buildxBuild(base)),
    'docker buildx build --push --platform linux/amd64,linux/arm64 --builder kamal-local-docker-container -t dhh/app:123 -t dhh/app:latest --label service=app --file Dockerfile .',
  );
});

test('buildx: every option in Kamal order; secrets by name only', () => {
  const cmd = buildxBuild({
    ...base,
    arches: ['amd64'],
    builder: undefined,
    latestTag: 'latest-staging',
    args: { RUBY_VERSION: '3.3', QUOTED: 'a b $c', FROM_ENV: undefined },
    secrets: ['GITHUB_TOKEN', 'NPM_TOKEN'],
    cache: buildCache({ type: 'gha' }, undefined, 'dhh/app'),
    target: 'production',
    ssh: 'default',
    provenance: false,
    sbom: true,
    noCache: true,
    dockerfile: 'docker/Dockerfile.prod',
    context: 'sub dir',
  });
  assert.equal(cmd, [
    'docker', 'buildx', 'build', '--push', '--platform', 'linux/amd64',
    '-t', 'dhh/app:123', '-t', 'dhh/app:latest-staging',
    '--cache-to', 'type=gha', '--cache-from', 'type=gha',
    '--label', 'service=app',
    '--build-arg', 'RUBY_VERSION=3.3', '--build-arg', 'QUOTED=a b $c', '--build-arg', 'FROM_ENV',
    '--secret', 'id=GITHUB_TOKEN', '--secret', 'id=NPM_TOKEN',
    '--file', 'docker/Dockerfile.prod', '--target', 'production', '--ssh', 'default',
    '--provenance', 'false', '--sbom', 'true', '--no-cache', 'sub dir',
  ]);
});

test('no arches: no --platform', () => {
  assert.not.ok(buildxBuild({ ...base, arches: [] }).includes('--platform'));
});

test('caches', () => {
  assert.equal(buildCache({ type: 'gha', options: 'mode=max' }, 'ghcr.io', 'dhh/app'), { from: 'type=gha', to: 'type=gha,mode=max' });
  assert.equal(buildCache({ type: 'registry' }, 'ghcr.io', 'dhh/app'), {
    from: 'type=registry,ref=ghcr.io/dhh/app-build-cache',
    to: 'type=registry,ref=ghcr.io/dhh/app-build-cache',
  });
  assert.equal(buildCache({ type: 'registry', image: 'dhh/cache', options: 'mode=max' }, undefined, 'dhh/app'), {
    from: 'type=registry,ref=dhh/cache',
    to: 'type=registry,ref=dhh/cache,mode=max',
  });
});

test('without buildx: docker build of one platform; a push per tag', () => {
  assert.is(
    toShell(dockerBuild({ ...base, arches: ['amd64'], builder: undefined, latestTag: 'latest-staging', secrets: ['TOKEN'], target: 'prod' })),
    'docker build --platform linux/amd64 -t dhh/app:123 -t dhh/app:latest-staging --label service=app --secret id=TOKEN --file Dockerfile --target prod .',
  );
  assert.throws(() => dockerBuild(base), /one platform/);
  assert.equal(pushImage('dhh/app:123'), ['docker', 'push', 'dhh/app:123']);
});

test('local builder lifecycle', () => {
  assert.is(localBuilderName('docker-container'), 'kamal-local-docker-container');
  assert.equal(inspectBuilder('kamal-local-docker-container'), ['docker', 'buildx', 'inspect', 'kamal-local-docker-container']);
  assert.equal(createLocalBuilder('docker-container'), ['docker', 'buildx', 'create', '--name', 'kamal-local-docker-container', '--driver=docker-container']);
  assert.equal(removeLocalBuilder('docker-container'), ['docker', 'buildx', 'rm', 'kamal-local-docker-container']);
});

test('remote builder: an ssh docker context and a buildx builder on it', () => {
  const remote = 'ssh://root@192.168.0.1';
  assert.is(remoteBuilderName(remote), 'kamal-remote-ssh---root-192-168-0-1');
  assert.is(
    toShell(createRemoteBuilder(remote)),
    "docker context create kamal-remote-ssh---root-192-168-0-1-context --description 'kamal-remote-ssh---root-192-168-0-1 host' --docker host=ssh://root@192.168.0.1 && docker buildx create --name kamal-remote-ssh---root-192-168-0-1 kamal-remote-ssh---root-192-168-0-1-context",
  );
  assert.is(
    toShell(removeRemoteBuilder(remote)),
    'docker buildx rm kamal-remote-ssh---root-192-168-0-1 ; docker context rm kamal-remote-ssh---root-192-168-0-1-context',
  );
});

test('missing-builder errors', () => {
  assert.ok(isMissingBuilderError('ERROR: no builder "kamal-local-docker-container" found'));
  assert.ok(isMissingBuilderError('context "kamal-remote-x-context" does not exist'));
  assert.not.ok(isMissingBuilderError('failed to solve: process "/bin/sh -c bundle install" did not complete'));
});

test('builder plan: docker-container by default; the docker driver uses Docker\'s own builder', () => {
  assert.equal(planBuilder({ arches: ['amd64'] }), {
    kind: 'local',
    name: 'kamal-local-docker-container',
    driver: 'docker-container',
    localArches: ['amd64'],
    remoteArches: [],
  });
  assert.equal(planBuilder({ arches: ['amd64'], driver: 'docker' }), { kind: 'docker', driver: 'docker', localArches: ['amd64'], remoteArches: [] });
  assert.is(needsLocalArch({ arches: ['amd64'] }), false);
});

test('builder plan: with a remote, the local arch builds here, the others there (hybrid), local: false sends all', () => {
  const remote = 'ssh://root@builder';
  assert.is(needsLocalArch({ arches: ['amd64'], remote }), true);
  assert.is(needsLocalArch({ arches: ['amd64'], remote, local: false }), false);
  const matching = planBuilder({ arches: ['amd64'], remote }, 'amd64');
  assert.equal([matching.kind, matching.name, matching.remote], ['local', 'kamal-local-docker-container', undefined]);
  const other = planBuilder({ arches: ['arm64'], remote }, 'amd64');
  assert.equal([other.kind, other.name, other.remoteArches], ['remote', 'kamal-remote-ssh---root-builder', ['arm64']]);
  const both = planBuilder({ arches: ['amd64', 'arm64'], remote }, 'amd64');
  assert.equal(both, {
    kind: 'hybrid',
    name: 'kamal-hybrid-docker-container-ssh---root-builder',
    driver: 'docker-container',
    localArches: ['amd64'],
    remoteArches: ['arm64'],
    remote,
  });
  assert.is(planBuilder({ arches: ['amd64'], remote, local: false }).kind, 'remote');
  assert.is(dockerArch('x86_64\n'), 'amd64');
  assert.is(dockerArch('aarch64'), 'arm64');
});

test('builder lifecycle argv for each plan (hybrid: local node, remote context, appended remote node)', () => {
  const remote = 'ssh://root@builder';
  const hybrid = builderLifecycle(planBuilder({ arches: ['amd64', 'arm64'], remote }, 'amd64'));
  assert.is(
    toShell(hybrid.create),
    'docker buildx create --platform linux/amd64 --name kamal-hybrid-docker-container-ssh---root-builder --driver=docker-container' +
      " && docker context create kamal-hybrid-docker-container-ssh---root-builder-context --description 'kamal-hybrid-docker-container-ssh---root-builder host' --docker host=ssh://root@builder" +
      ' && docker buildx create --platform linux/arm64 --append --name kamal-hybrid-docker-container-ssh---root-builder kamal-hybrid-docker-container-ssh---root-builder-context',
  );
  assert.is(
    toShell(hybrid.remove),
    'docker buildx rm kamal-hybrid-docker-container-ssh---root-builder ; docker context rm kamal-hybrid-docker-container-ssh---root-builder-context',
  );
  assert.equal(builderLifecycle(planBuilder({ arches: ['arm64'], remote }, 'amd64')), { remove: removeRemoteBuilder(remote), create: createRemoteBuilder(remote) });
  assert.equal(builderLifecycle(planBuilder({ arches: ['amd64'] })), {
    remove: ['docker', 'buildx', 'rm', 'kamal-local-docker-container'],
    create: ['docker', 'buildx', 'create', '--name', 'kamal-local-docker-container', '--driver=docker-container'],
  });
});

test.run();
