/**
 * The `kamal` network is ensured by one step per host that the proxy boot, the app's boot (through
 * its stale stop) and accessory boots all wait for: on a fresh host they used to create it at the
 * same time, and Docker then kept two networks of that name. The app's host setup (env files and
 * queries) needs no network and runs alongside the step.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../core/engine.js';
import { buildInventory } from '../../core/inventory.js';
import { flattenPlugins } from '../../core/plugin.js';
import { presetFor } from '../../presets/index.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig } from '../support/context.js';
import { runEngine } from '../support/engine.js';

const NETWORK = 'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal || docker network inspect kamal > /dev/null 2>&1';

const config = {
  servers: { web: ['h1', 'h2'], jobs: ['h3'] },
  accessories: { cache: { image: 'redis:7', host: 'h1' }, db: { image: 'postgres:16', host: 'h4' } },
} as Partial<GantryConfig>;

// The network command takes a while, as on a real daemon: anything not waiting for it would start meanwhile.
const slowNetwork = (fake: FakeTransportFactory) =>
  fake.respond('docker network', { code: 0 }, { delayMs: 30 }).respond('.Config.Labels.service', { stdout: 'app\n' });

function deploy(graph: string) {
  return runEngine({ plugins: [presetFor(undefined)], config, graph, script: slowNetwork });
}

/** Every command on the host after the network step matches; the step itself runs exactly once. */
function assertNetworkOnceBefore(fake: FakeTransportFactory, host: string, later: RegExp[]): void {
  const commands = fake.commandsFor(host);
  assert.equal(commands.filter((c) => c.includes('docker network')), [NETWORK], `${host}: ${commands.join('\n')}`);
  const at = commands.indexOf(NETWORK);
  for (const pattern of later) {
    const index = commands.findIndex((c) => pattern.test(c));
    assert.ok(index > at, `${host}: ${pattern} should run after the network step:\n${commands.join('\n')}`);
  }
}

const PROXY_RUN = /^docker container start kamal-proxy .*docker run --name kamal-proxy /;
const APP_RUN = /^docker run .*--name app-web-v2/;
// The jobs role is not proxied: its `docker run` is inside its run-and-wait script.
const JOBS_RUN = /docker run .*--name app-jobs-v2/;

test('deploy on fresh hosts: the network is ensured once per host, before the proxy boots and the app runs', async () => {
  const { result, fake } = await deploy('deploy');
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  for (const host of ['h1', 'h2']) assertNetworkOnceBefore(fake, host, [PROXY_RUN, APP_RUN]);
  // jobs is not proxied: its host boots the app only, and still after the network.
  assertNetworkOnceBefore(fake, 'h3', [JOBS_RUN]);
  assert.not.ok(fake.commandsFor('h3').some((c) => PROXY_RUN.test(c)));
  // Accessories are not part of deploy: their own host is not touched.
  assert.equal(fake.commandsFor('h4'), []);
});

test('redeploy leaves the proxy boot out; the app boot still waits for the one network step', async () => {
  const { result, fake } = await deploy('redeploy');
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  for (const host of ['h1', 'h2']) assertNetworkOnceBefore(fake, host, [APP_RUN]);
  assertNetworkOnceBefore(fake, 'h3', [JOBS_RUN]);
  assert.not.ok(fake.commandsFor('h1').some((c) => PROXY_RUN.test(c)));
});

test('setup: accessories, proxy and app share the step, also on an accessory-only host', async () => {
  const { result, fake } = await deploy('setup');
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assertNetworkOnceBefore(fake, 'h1', [/^docker run --name app-cache /, PROXY_RUN, APP_RUN]);
  assertNetworkOnceBefore(fake, 'h4', [/^docker run --name app-db /]);
});

test('accessory boot all: two accessories on one host, one network step; a custom network gets its own', async () => {
  const accessories = {
    cache: { image: 'redis:7', host: 'h1' },
    queue: { image: 'redis:7', host: 'h1' },
    search: { image: 'opensearch:2', host: 'h1', network: 'private' },
  };
  const { result, fake } = await runEngine({
    plugins: [presetFor(undefined)],
    config: { ...config, accessories } as Partial<GantryConfig>,
    graph: 'accessory boot',
    options: { name: 'all' },
    script: slowNetwork,
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  const networks = commands.filter((c) => c.includes('docker network'));
  const privateNetwork = 'docker network inspect private > /dev/null 2>&1 || docker network create private || docker network inspect private > /dev/null 2>&1';
  assert.equal([...networks].sort(), [NETWORK, privateNetwork].sort(), commands.join('\n'));
  const firstRun = commands.findIndex((c) => c.startsWith('docker run'));
  for (const network of networks) assert.ok(commands.indexOf(network) < firstRun, commands.join('\n'));
  assert.equal(commands.filter((c) => c.startsWith('docker run')).length, 3);
});

test('the deploy graph has the step once, waited for by the proxy boot and the app stale stop (not the host setup)', () => {
  const loaded = fakeLoadedConfig(config);
  const engine = new Engine(flattenPlugins([presetFor(undefined)]), loaded);
  const ctx = context(buildInventory({ web: ['h1', 'h2'], jobs: ['h3'] }, 'web'), { graph: 'deploy', config: loaded });
  const graph = engine.resolve('deploy', ctx);
  const waiting = graph.nodes.filter((n) => n.dependsOn.includes('docker:network')).map((n) => n.id).sort();
  assert.equal(waiting, ['app:stale', 'proxy:boot']);
  // The host setup starts once the lock is held, alongside the network step and the pull.
  assert.not.ok(graph.nodes.find((n) => n.id === 'app:host-setup')!.dependsOn.includes('docker:network'));
  assert.ok(graph.nodes.find((n) => n.id === 'app:stale')!.dependsOn.includes('app:host-setup'));
  assert.equal(graph.instances.filter((i) => i.node.id === 'docker:network').map((i) => i.host?.name), ['h1', 'h2', 'h3']);
});

test.run();
