/**
 * The deploy graph per host: a host prepares (asset extraction, stale containers) as soon as its
 * own pull is done, while others still pull, and boots its proxy alongside its own pull; no host moves traffic before every
 * host pulled (Kamal's gate); the graph shows build, pull, per-host preparation, the barrier
 * and the boot groups as nodes.
 */
import { performance } from 'node:perf_hooks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drawGraph } from '../../core/graph/draw.js';
import { Engine } from '../../core/engine.js';
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import { flattenPlugins } from '../../core/plugin.js';
import { appPlugin } from '../../plugins/app/index.js';
import { assetsPlugin } from '../../plugins/assets/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { pullPlugin } from '../../plugins/pull/index.js';
import { basePreset } from '../../presets/base.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig } from '../support/context.js';
import { runEngine } from '../support/engine.js';

const config: Partial<GantryConfig> = {
  servers: { web: ['h1', 'h2'], workers: { hosts: ['h3'], cmd: 'bin/jobs' } } as GantryConfig['servers'],
  asset_path: '/app/public/assets',
  boot: { limit: 2 },
};
const PULL_MS: Record<string, number> = { h1: 10, h2: 40, h3: 250 };

interface Event {
  at: number;
  host: string;
  command: string;
}

test('a host prepares while another still pulls; no traffic moves before the last pull ended', async () => {
  const events: Event[] = [];
  const started = performance.now();
  const { result } = await runEngine({
    plugins: [pullPlugin, appPlugin, assetsPlugin, proxyPlugin],
    config,
    graph: 'deploy',
    script: (fake) => {
      // Every command is timed when it starts; a pull ends PULL_MS later.
      fake.respond(
        (host, command) => (events.push({ at: performance.now() - started, host, command }), false),
        {},
      );
      for (const [host, delayMs] of Object.entries(PULL_MS)) fake.respond((h, c) => h === host && c.startsWith('docker pull'), { stdout: 'app\n' }, { delayMs });
      fake.respond('docker run', { stdout: 'cid0123456789abcdef\n' });
      fake.respond('gantry-wait-healthy', { stdout: 'healthy' });
    },
  });
  assert.ok(result.ok, result.failures.map((f) => `${f.key}: ${f.error?.message}`).join('\n'));
  const pullEnd = (host: string) => events.find((e) => e.host === host && e.command.startsWith('docker pull'))!.at + PULL_MS[host]!;
  const lastPullEnd = Math.max(...Object.keys(PULL_MS).map(pullEnd));
  const first = (host: string, pattern: RegExp) => events.find((e) => e.host === host && pattern.test(e.command))?.at;

  // h1's proxy boot and asset extraction start while h3 is still pulling.
  const h1Proxy = first('h1', /kamal-proxy run/)!;
  const h1Assets = first('h1', /assets/)!;
  assert.ok(h1Proxy < pullEnd('h3'), `h1 proxy boot at ${h1Proxy}ms, h3 pull ends at ${pullEnd('h3')}ms`);
  assert.ok(h1Assets < pullEnd('h3'), `h1 asset extraction at ${h1Assets}ms`);
  // Nothing switches, and no new app container starts, before every host pulled.
  const switches = events.filter((e) => /kamal-proxy deploy|docker run .*--name app-/.test(e.command));
  assert.ok(switches.length >= 3);
  for (const e of switches) assert.ok(e.at >= lastPullEnd - 1, `${e.host}: ${e.command.slice(0, 40)}… at ${e.at}ms before the last pull ended at ${lastPullEnd}ms`);
});

test('the proxy boots alongside the host\'s own pull: it needs no image', async () => {
  const events: Event[] = [];
  const started = performance.now();
  const pullMs = 1500;
  const { result } = await runEngine({
    plugins: [pullPlugin, appPlugin, proxyPlugin],
    config: { servers: ['h1'] },
    graph: 'deploy',
    script: (fake) => {
      fake.respond((host, command) => (events.push({ at: performance.now() - started, host, command }), false), {});
      fake.respond((_h, c) => c.startsWith('docker pull'), { stdout: 'app\n' }, { delayMs: pullMs });
      fake.respond('docker run', { stdout: 'cid0123456789abcdef\n' });
    },
  });
  assert.ok(result.ok, result.failures.map((f) => `${f.key}: ${f.error?.message}`).join('\n'));
  const pull = events.find((e) => e.command.startsWith('docker pull'))!;
  const proxy = events.find((e) => /kamal-proxy run/.test(e.command))!;
  assert.ok(proxy.at < pull.at + pullMs, `proxy boot at ${proxy.at}ms, the pull ends at ${pull.at + pullMs}ms`);
  // The app's container still starts only after the pull.
  const run = events.find((e) => /docker run .*--name app-/.test(e.command))!;
  assert.ok(run.at >= pull.at + pullMs - 1, `docker run at ${run.at}ms`);
});

test('graph text for 3 hosts, 2 roles, assets and proxy: clone, build and push, per-host preparation, barrier and boot groups are nodes', () => {
  const loaded = fakeLoadedConfig(config);
  const engine = new Engine(flattenPlugins([basePreset]), loaded);
  const hosts = buildInventory(loaded.config.servers as ServersSection, 'web');
  const text = drawGraph(engine.resolve('deploy', context(hosts, { graph: 'deploy', config: loaded, version: 'v2' })), 'text');
  for (const line of [
    '● build:clone (builder; local)  ← deploy:build',
    '● build:setup (builder; local)  ← build:clone',
    '● build:image (builder; local)  ← build:setup',
    '● build:push (builder; local)  ← build:image',
    '● pull:image (pull; h1, h2, h3)  ← deploy:pull',
    '◇ deploy:ready (core; anchor)  ← deploy:pulled, deploy:locked',
    '● proxy:boot (proxy; h1, h2)  ← deploy:cleared, deploy:pull, docker:network',
    '● assets:prepare (assets; h1, h2)  ← deploy:prepare',
    '● app:stale (app; h1, h2, h3)  ← deploy:prepare',
    '● app:barrier (app; local)  ← app:boot-group-1',
    '● app:boot-group-1 (app; local)  ← deploy:ready',
    '● app:boot-1 (app; h1, h2)  ← app:boot-group-1, deploy:prepared',
    '● app:boot-group-2 (app; local)  ← app:group-booted-1',
    '● app:boot-others-2 (app; h3)  ← app:boot-group-2, app:barrier, deploy:prepared, app:boot-2',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}\n${text}`);
  }
});

test('boot.barrier switch: other roles do not wait for the barrier to start; the first group ends after it', () => {
  const loaded = fakeLoadedConfig({ ...config, boot: { ...config.boot, barrier: 'switch' } });
  const engine = new Engine(flattenPlugins([basePreset]), loaded);
  const hosts = buildInventory(loaded.config.servers as ServersSection, 'web');
  const text = drawGraph(engine.resolve('deploy', context(hosts, { graph: 'deploy', config: loaded, version: 'v2' })), 'text');
  for (const line of [
    '● app:barrier (app; local)  ← app:boot-group-1',
    '● app:boot-others-2 (app; h3)  ← app:boot-group-2, deploy:prepared, app:boot-2',
    '● app:group-booted-1 (app; local)  ← app:boot-1, app:boot-others-1, app:barrier',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}\n${text}`);
  }
});

test.run();
