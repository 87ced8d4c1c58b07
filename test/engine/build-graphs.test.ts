/**
 * The `build …` commands and the local registry: which nodes each command runs (shape), the
 * argv they run, their own options, and the reverse port forward around each host's pull.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../core/engine.js';
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import { flattenPlugins } from '../../core/plugin.js';
import { basePreset } from '../../presets/base.js';
import { builderPlugin } from '../../plugins/builder/index.js';
import { pullPlugin } from '../../plugins/pull/index.js';
import { registryPlugin } from '../../plugins/registry/index.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig } from '../support/context.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1', 'h2'] };
const local = { servers, registry: { server: 'localhost:5555' } } as Partial<GantryConfig>;
const plugins = [registryPlugin, builderPlugin, pullPlugin];
const noBuildx = (f: { respond(m: string, r: object): unknown }) => f.respond('docker buildx version', { code: 1, stderr: "'buildx' is not a docker command" });

/** The node ids a graph runs with the base preset. */
function nodesOf(graph: string, config: Partial<GantryConfig> = local): string[] {
  const loaded = fakeLoadedConfig(config);
  const engine = new Engine(flattenPlugins([basePreset]), loaded);
  const ctx = context(buildInventory(loaded.config.servers as ServersSection, 'web'), { graph, config: loaded });
  return engine.resolve(graph, ctx).nodes.filter((n) => !n.anchor).map((n) => n.id);
}

test('shapes: push builds (local registry first), pull pulls through the forward, deliver does both; none takes the lock or boots', () => {
  assert.equal(nodesOf('build push'), ['registry:login-local', 'registry:local-setup', 'build:clone', 'build:setup', 'build:image', 'build:push']);
  assert.equal(nodesOf('build pull'), ['registry:login', 'registry:forward', 'pull:image']);
  assert.equal(nodesOf('build deliver'), [
    'registry:login-local', 'registry:local-setup', 'registry:login', 'registry:forward', 'build:clone', 'build:setup', 'build:image', 'build:push', 'pull:image',
  ]);
  assert.equal(nodesOf('build dev'), ['build:dev']);
  assert.equal(nodesOf('build create'), ['build:create']);
  assert.equal(nodesOf('build remove'), ['build:remove']);
  assert.equal(nodesOf('build details'), ['build:details']);
  assert.equal(nodesOf('registry setup'), ['registry:local-setup', 'registry:login-local', 'registry:login']);
  assert.equal(nodesOf('registry remove'), ['registry:local-remove', 'registry:logout-local', 'registry:logout']);
  // The deploy closes each host's forward once that host pulled; a rollback pulls nothing.
  const deploy = nodesOf('deploy');
  assert.ok(deploy.indexOf('registry:forward') < deploy.indexOf('pull:image') && deploy.indexOf('pull:image') < deploy.indexOf('registry:unforward'));
  assert.not.ok(nodesOf('rollback').some((id) => id.startsWith('registry:') && id !== 'registry:login'));
});

test('options: the build commands take their own, not the deploy’s; --no-cache on deploy and the builds', () => {
  const engine = new Engine(flattenPlugins([basePreset]), fakeLoadedConfig(local));
  const flags = (graph: string) => engine.optionsOf(graph).map((o) => o.flags);
  assert.equal(flags('build push'), ['-H, --skip-hooks', '--no-cache', '--output <type>']);
  assert.equal(flags('build deliver'), ['-H, --skip-hooks', '--no-cache']);
  assert.equal(flags('build pull'), ['-H, --skip-hooks']);
  assert.equal(flags('build dev'), ['-H, --skip-hooks', '--no-cache', '--output <type>']);
  for (const graph of ['deploy', 'redeploy', 'setup']) assert.ok(flags(graph).includes('--no-cache'), graph);
  assert.equal(flags('registry setup'), ['-H, --skip-hooks', '-L, --skip-local', '-R, --skip-remote']);
});

test('build push with a local registry: the registry container first, then the build and push; nothing on the hosts', async () => {
  const { result, fake } = await runEngine({ plugins, config: local, graph: 'build push', options: { cache: false }, script: noBuildx });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(fake.calls.filter((c) => c.command.startsWith('docker')).map((c) => `${c.host}: ${c.command}`), [
    'localhost: docker start kamal-docker-registry || docker run --detach -p 127.0.0.1:5555:5000 --name kamal-docker-registry registry:3',
    'localhost: docker buildx version',
    'localhost: docker build -t localhost:5555/acme/app:v2 -t localhost:5555/acme/app:latest --label service=app --file Dockerfile --no-cache .',
    'localhost: docker push localhost:5555/acme/app:v2',
    'localhost: docker push localhost:5555/acme/app:latest',
  ]);
  assert.equal(fake.forwards, []);
});

test('deploy with a local registry: each host pulls while its forward is open; it is closed after the pull', async () => {
  const openDuringPull: string[] = [];
  const { result, fake } = await runEngine({
    plugins,
    config: { ...local, registry: { server: 'localhost:5555', local_image: 'mirror.local/registry:2' } },
    graph: 'deploy',
    script: (f) => {
      noBuildx(f);
      f.respond((host, command) => {
        if (command.startsWith('docker pull') && f.forwards.some((fw) => fw.host === host && !fw.closed)) openDuringPull.push(host);
        return false;
      }, {});
      f.respond('{{ .Config.Labels.service }}', { stdout: 'app\n' });
    },
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.ok(fake.calls.some((c) => c.command.endsWith('--name kamal-docker-registry mirror.local/registry:2')));
  assert.equal(fake.calls.filter((c) => c.command.startsWith('docker pull')).map((c) => c.command), Array(2).fill("docker pull localhost:5555/acme/app:v2 >&2 && docker image inspect -f '{{ .Config.Labels.service }}' localhost:5555/acme/app:v2"));
  assert.equal(openDuringPull.sort(), ['h1', 'h2']);
  assert.equal(fake.forwards.map((fw) => [fw.host, fw.remotePort, fw.localPort, fw.closed]).sort(), [['h1', 5555, 5555, true], ['h2', 5555, 5555, true]]);
  assert.not.ok(fake.calls.some((c) => c.command.startsWith('docker login')));
});

test('build pull builds nothing; build deliver builds then pulls', async () => {
  const pull = await runEngine({ plugins, config: local, graph: 'build pull', script: (f) => f.respond('{{ .Config.Labels.service }}', { stdout: 'app\n' }) });
  assert.ok(pull.result.ok);
  assert.equal(pull.fake.calls.map((c) => c.host).filter((h) => h === 'localhost'), []);
  assert.equal(pull.fake.forwards.map((fw) => fw.host).sort(), ['h1', 'h2']);
  const deliver = await runEngine({ plugins, config: { servers }, graph: 'build deliver', script: (f) => f.respond('{{ .Config.Labels.service }}', { stdout: 'app\n' }) });
  assert.ok(deliver.result.ok);
  const commands = deliver.fake.calls.map((c) => `${c.host}: ${c.command}`);
  const built = commands.findIndex((c) => c.startsWith('localhost: docker buildx build --push'));
  assert.ok(built >= 0);
  assert.ok(commands.findIndex((c) => c.startsWith('h1: docker pull acme/app:v2')) > built);
});

test('build dev: the working tree into the local image store, tagged -dirty; pushed only with --output registry', async () => {
  const dev = await runEngine({ plugins, config: { servers }, graph: 'build dev', version: 'abc_uncommitted_0123456789abcdef', script: (f) => f.respond('status --porcelain', { stdout: ' M app.rb\n?? new.txt\n' }) });
  assert.ok(dev.result.ok);
  const build = dev.fake.calls.at(-1)!;
  assert.equal(build.argv, [
    'docker', 'buildx', 'build', '--output=type=docker', '--builder', 'kamal-local-docker-container', '-t', 'acme/app:abc_uncommitted_0123456789abcdef-dirty', '-t', 'acme/app:latest-dirty',
    '--label', 'service=app', '--file', 'Dockerfile', '.',
  ]);
  assert.is(build.cwd, '/project');
  assert.equal(dev.logged, ['building the working tree, these uncommitted changes included:\n M app.rb\n?? new.txt']);
  const classic = await runEngine({ plugins, config: { servers }, graph: 'build dev', destination: 'staging', script: noBuildx });
  assert.equal(classic.fake.calls.filter((c) => /^docker (build|push) /.test(c.command)).map((c) => c.command), [
    'docker build -t acme/app:v2-dirty -t acme/app:latest-staging-dirty --label service=app --file Dockerfile .',
  ]);
  const pushed = await runEngine({ plugins, config: { servers }, graph: 'build dev', options: { output: 'registry', cache: false }, script: noBuildx });
  assert.equal(pushed.fake.calls.filter((c) => /^docker (build|push) /.test(c.command)).map((c) => c.command), [
    'docker build -t acme/app:v2-dirty -t acme/app:latest-dirty --label service=app --file Dockerfile --no-cache .',
    'docker push acme/app:v2-dirty',
    'docker push acme/app:latest-dirty',
  ]);
  const refused = await runEngine({ plugins, config: { servers }, graph: 'build dev', options: { output: 'tar' }, script: noBuildx });
  assert.match(refused.result.failures[0]!.error!.message, '--output tar needs docker buildx');
});

test('build create/remove/details: the buildx builder; a local registry’s builder shares the host network', async () => {
  const driver = { servers, builder: { arch: 'amd64', driver: 'docker-container' } } as Partial<GantryConfig>;
  const create = await runEngine({ plugins, config: driver, graph: 'build create' });
  assert.equal(create.fake.calls.map((c) => c.command), ['docker buildx version', 'docker buildx create --name kamal-local-docker-container --driver=docker-container']);
  const withLocal = await runEngine({ plugins, config: { ...driver, registry: { server: 'localhost:5555' } }, graph: 'build create' });
  assert.is(withLocal.fake.calls.at(-1)!.command, 'docker buildx create --name kamal-local-registry-docker-container --driver=docker-container --driver-opt network=host');
  const remove = await runEngine({ plugins, config: driver, graph: 'build remove' });
  assert.is(remove.fake.calls.at(-1)!.command, 'docker buildx rm kamal-local-docker-container');
  const none = await runEngine({ plugins, config: { servers, builder: { arch: 'amd64', driver: 'docker' } } as Partial<GantryConfig>, graph: 'build create' });
  assert.equal(none.fake.calls, []);
  assert.match(none.printed.join('\n'), 'nothing to create');
  const details = await runEngine({
    plugins,
    config: driver,
    graph: 'build details',
    script: (f) => f.respond('docker context ls', { stdout: 'default *\n' }).respond('docker buildx ls', { stdout: 'kamal-local-docker-container\n' }),
  });
  assert.equal(details.printed, ['Builder: kamal-local-docker-container', 'default *', 'kamal-local-docker-container']);
});

test('registry setup/remove: the local registry container, or the logins; -L skips this machine', async () => {
  const setup = await runEngine({ plugins, config: local, graph: 'registry setup' });
  assert.equal(setup.fake.calls.map((c) => `${c.host}: ${c.command}`), [
    'localhost: docker start kamal-docker-registry || docker run --detach -p 127.0.0.1:5555:5000 --name kamal-docker-registry registry:3',
  ]);
  const remove = await runEngine({ plugins, config: local, graph: 'registry remove' });
  assert.equal(remove.fake.calls.map((c) => c.command), ['docker stop kamal-docker-registry && docker rm kamal-docker-registry']);
  const skipped = await runEngine({ plugins, config: local, graph: 'registry remove', options: { skipLocal: true } });
  assert.equal(skipped.fake.calls, []);
  const remote = { servers, registry: { server: 'ghcr.io', username: 'bot', password: 'pw' } } as Partial<GantryConfig>;
  const login = await runEngine({ plugins, config: remote, graph: 'registry setup' });
  assert.equal(login.fake.calls.map((c) => `${c.host}: ${c.command}`), ['localhost: docker login ghcr.io -u bot --password-stdin', 'h1: docker login ghcr.io -u bot --password-stdin', 'h2: docker login ghcr.io -u bot --password-stdin']);
});

test.run();
