import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { builderPlugin } from '../../plugins/builder/index.js';
import { cloneDir } from '../../plugins/builder/git.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { runEngine } from '../support/engine.js';

const clone = cloneDir(tmpdir(), 'app', '/project');
const repo = `${clone}/project`;
const is = (expected: string) => (_host: string, command: string) => command === expected;

/** Collects ctx.log lines and knows the NPM_TOKEN secret. */
function observer(logs: string[]) {
  return definePlugin({
    name: 'test-observer',
    apply(engine) {
      engine.hooks.anyGraph.tap('test-observer', (_builder, ctx) => {
        ctx.log = (line) => logs.push(line);
        const secrets = ctx.config.secrets;
        ctx.config.secrets = { ...secrets, get: (name) => (name === 'NPM_TOKEN' ? 'tok-123' : secrets.get(name)) };
      });
    },
  });
}

/** A git repo at /project whose HEAD is abc, with uncommitted changes. */
function gitRepo(fake: FakeTransportFactory): FakeTransportFactory {
  return fake
    .respond(is('git -C /project rev-parse --show-toplevel'), { stdout: '/project\n' })
    .respond(is('git -C /project rev-parse HEAD'), { stdout: 'abc\n' })
    .respond(is('git -C /project status --porcelain'), { stdout: ' M app.rb\n' });
}

test('without buildx: build:image runs docker build in the working tree, build:push pushes both tags', async () => {
  const { result, fake } = await runEngine({
    plugins: [builderPlugin],
    config: {},
    graph: 'deploy',
    destination: 'staging',
    script: (f) => f.respond('docker buildx version', { code: 1, stderr: "'buildx' is not a docker command" }),
  });
  assert.ok(result.ok);
  const [build, ...pushes] = fake.calls.slice(-3);
  assert.is(build!.command, 'docker build -t acme/app:v2 -t acme/app:latest-staging --label service=app --file Dockerfile .');
  assert.is(build!.cwd, '/project');
  assert.equal(build!.env, { DOCKER_BUILDKIT: '0' });
  assert.equal(pushes.map((c) => c.command), ['docker push acme/app:v2', 'docker push acme/app:latest-staging']);
  assert.ok(result.outcomes.some((o) => o.key === 'build:push' && o.status === 'success'));
});

test('without buildx, builder.cache is refused before anything is built, naming buildx', async () => {
  const { result, fake } = await runEngine({
    plugins: [builderPlugin],
    config: { builder: { arch: 'amd64', cache: { type: 'registry' } } },
    graph: 'deploy',
    script: (f) => f.respond('docker buildx version', { code: 1, stderr: "'buildx' is not a docker command" }),
  });
  assert.not.ok(result.ok);
  assert.is(result.failures[0]?.error?.message, 'builder.cache needs docker buildx on this machine (the classic docker build has no cache export): install docker buildx, or remove builder.cache');
  assert.not.ok(fake.calls.some((c) => /^docker (build|push) /.test(c.command)));
});

test('buildx: build:push is skipped, the build pushed', async () => {
  const { result, fake } = await runEngine({ plugins: [builderPlugin], config: {}, graph: 'deploy' });
  assert.ok(result.ok);
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker push')));
  const push = result.outcomes.find((o) => o.key === 'build:push');
  assert.is(push?.status, 'skipped');
  assert.is(push?.reason, 'pushed by docker buildx build --push');
});

test('buildx: one push build with arch, args and target; secret values only in the process env', async () => {
  const logs: string[] = [];
  const { fake } = await runEngine({
    plugins: [builderPlugin, observer(logs)],
    config: {
      registry: { server: 'ghcr.io' },
      builder: { arch: 'arm64', context: '.', dockerfile: 'Dockerfile.prod', target: 'app', args: { RUBY: '3.3', JOBS: 4 }, secrets: ['NPM_TOKEN'] },
    },
    graph: 'deploy',
    script: gitRepo,
  });
  const build = fake.calls.at(-1)!;
  assert.equal(build.argv, [
    'docker', 'buildx', 'build', '--push', '--platform', 'linux/arm64', '--builder', 'kamal-local-docker-container', '-t', 'ghcr.io/acme/app:v2', '-t', 'ghcr.io/acme/app:latest',
    '--label', 'service=app', '--build-arg', 'RUBY=3.3', '--build-arg', 'JOBS=4', '--secret', 'id=NPM_TOKEN', '--file', 'Dockerfile.prod', '--target', 'app', '.',
  ]);
  assert.equal(build.env, { NPM_TOKEN: 'tok-123' });
  assert.not.ok(fake.calls.some((c) => c.command.includes('tok-123')));
  assert.is(build.cwd, '/project');
  assert.equal(logs, ['uncommitted changes included: building the working tree']);
});

test('git repo: an existing clone is reset; when the reset fails it is deleted and cloned again', async () => {
  const logs: string[] = [];
  let clones = 0;
  const { result, fake } = await runEngine({
    plugins: [builderPlugin, observer(logs)],
    config: {},
    graph: 'deploy',
    script: (f) =>
      gitRepo(f)
        .respond('clone /project project', () => (clones++ === 0 ? { code: 128, stderr: "fatal: destination path 'project' already exists and is not an empty directory." } : {}))
        .respond('fetch origin', { code: 1, stderr: 'fatal: bad object' })
        .respond(`git -C ${repo} status --porcelain`, { stdout: 'abc\n' }),
  });
  assert.ok(result.ok);
  const git = fake.calls.map((c) => c.command).filter((c) => c.includes(clone) || c.startsWith('docker'));
  assert.equal(git, [
    `mkdir -p ${clone}`,
    `git -C ${clone} clone /project project --recurse-submodules`,
    `git -C ${repo} remote set-url origin /project && git -C ${repo} fetch origin && git -C ${repo} reset --hard abc && git -C ${repo} clean -fdx && git -C ${repo} submodule update --init`,
    `rm -rf ${clone}`,
    `mkdir -p ${clone}`,
    `git -C ${clone} clone /project project --recurse-submodules`,
    `git -C ${repo} status --porcelain && git -C ${repo} rev-parse HEAD`,
    'docker buildx version',
    'docker buildx inspect kamal-local-docker-container',
    'docker buildx build --push --builder kamal-local-docker-container -t acme/app:v2 -t acme/app:latest --label service=app --file Dockerfile .',
  ]);
  assert.is(fake.calls.at(-1)!.cwd, repo);
  assert.equal(logs, ['uncommitted changes ignored: building from a clean clone']);
});

test('git repo: a fresh clone that is still not at HEAD fails the build', async () => {
  const { result, fake } = await runEngine({
    plugins: [builderPlugin],
    config: {},
    graph: 'deploy',
    script: (f) => gitRepo(f).respond(`git -C ${repo} status --porcelain`, { stdout: '?? stray\nabc\n' }),
  });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, `the build clone in ${repo} is not a clean checkout of abc`);
  assert.is(fake.calls.filter((c) => c.command.includes('clone /project')).length, 2);
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker buildx build')));
});

test('monorepo: the build runs in the same subdirectory of the clone', async () => {
  const inSubdirectory = definePlugin({
    name: 'test-monorepo',
    apply(engine) {
      engine.hooks.anyGraph.tap('test-monorepo', (_builder, ctx) => {
        ctx.config.root = '/mono/apps/web';
      });
    },
  });
  const { fake } = await runEngine({
    plugins: [builderPlugin, inSubdirectory],
    config: {},
    graph: 'deploy',
    script: (f) =>
      f
        .respond(is('git -C /mono/apps/web rev-parse --show-toplevel'), { stdout: '/mono' })
        .respond(is('git -C /mono rev-parse HEAD'), { stdout: 'abc' })
        .respond('status --porcelain && git', { stdout: 'abc' }),
  });
  const root = cloneDir(tmpdir(), 'app', '/mono');
  assert.ok(fake.calls.some((c) => c.command === `git -C ${root} clone /mono mono --recurse-submodules`));
  assert.is(fake.calls.at(-1)!.cwd, `${root}/mono/apps/web`);
});

test('remote builder: the builder is created when missing, ssh.user fills the URI', async () => {
  const { fake } = await runEngine({
    plugins: [builderPlugin],
    config: { ssh: { user: 'deploy' }, builder: { arch: 'amd64', remote: 'ssh://builder.example' } },
    graph: 'deploy',
    script: (f) => f.respond('docker buildx inspect', { code: 1, stderr: 'ERROR: no builder "x" found' }),
  });
  const commands = fake.calls.map((c) => c.command);
  assert.ok(commands.includes('docker context create kamal-remote-ssh---deploy-builder-example-context --description \'kamal-remote-ssh---deploy-builder-example host\' --docker host=ssh://deploy@builder.example && docker buildx create --name kamal-remote-ssh---deploy-builder-example kamal-remote-ssh---deploy-builder-example-context'));
  assert.match(commands.at(-1)!, /^docker buildx build --push --platform linux\/amd64 --builder kamal-remote-ssh---deploy-builder-example /);
  assert.equal(fake.calls.at(-1)!.env, { BUILDKIT_NO_CLIENT_TOKEN: '1' });
});

test('remote builder: when this machine\'s arch is the one asked for, it builds here (Kamal\'s local/remote split)', async () => {
  const { fake } = await runEngine({
    plugins: [builderPlugin],
    config: { builder: { arch: 'amd64', remote: 'ssh://root@builder' } },
    graph: 'deploy',
    script: (f) => f.respond('docker info --format', { stdout: 'x86_64\n' }),
  });
  assert.match(fake.calls.at(-1)!.command, /^docker buildx build --push --platform linux\/amd64 --builder kamal-local-docker-container /);
  assert.equal(fake.calls.at(-1)!.env, undefined, 'no remote, no BUILDKIT_NO_CLIENT_TOKEN');
});

test('hybrid builder: the local arch here and the other on the remote, one builder with two nodes', async () => {
  const { fake } = await runEngine({
    plugins: [builderPlugin],
    config: { builder: { arch: ['amd64', 'arm64'], remote: 'ssh://root@builder', cache: { type: 'registry', options: 'mode=max' } } },
    graph: 'deploy',
    script: (f) => f.respond('docker info --format', { stdout: 'x86_64\n' }).respond('docker buildx inspect', { code: 1, stderr: 'ERROR: no builder "x" found' }),
  });
  const commands = fake.calls.map((c) => c.command);
  const name = 'kamal-hybrid-docker-container-ssh---root-builder';
  assert.ok(commands.includes(`docker buildx rm ${name} ; docker context rm ${name}-context`));
  assert.ok(commands.some((c) => c.startsWith(`docker buildx create --platform linux/amd64 --name ${name} --driver=docker-container && docker context create`)));
  assert.is(
    commands.at(-1),
    `docker buildx build --push --platform linux/amd64,linux/arm64 --builder ${name} -t acme/app:v2 -t acme/app:latest` +
      ' --cache-to type=registry,ref=acme/app-build-cache,mode=max --cache-from type=registry,ref=acme/app-build-cache --label service=app --file Dockerfile .',
  );
  assert.equal(fake.calls.at(-1)!.env, { BUILDKIT_NO_CLIENT_TOKEN: '1' });
});

test('--skip-push skips the build', async () => {
  const { fake, result } = await runEngine({ plugins: [builderPlugin], config: {}, graph: 'deploy', options: { skipPush: true } });
  assert.ok(result.ok);
  assert.equal(fake.calls, []);
});

test.run();
