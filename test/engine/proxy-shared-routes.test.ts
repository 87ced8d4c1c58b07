/** Caddy: a deploy whose route would take requests another app's route already takes is refused before any container starts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { appPlugin } from '../../plugins/app/index.js';
import { liveRoutes } from '../../plugins/proxy/caddy/driver.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { routeSettings } from '../../plugins/proxy/settings.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../support/context.js';
import { runEngine } from '../support/engine.js';

const caddy = (proxy: Record<string, unknown>, service = 'app'): Partial<GantryConfig> => ({
  service,
  servers: ['h1'],
  proxy: { driver: 'caddy', ...proxy },
});

/** The HTTP route file line another deploy stored, as caddyListHttpRoutes prints it. */
function storedRoute(config: Partial<GantryConfig>, destination?: string): string {
  const ctx = context([host('h1', ['web'], true)], { config: fakeLoadedConfig(config), destination });
  const routes = liveRoutes(routeSettings(ctx, 'web'), 'old:80');
  return `${routes.fileName}\t${JSON.stringify(routes.http)}\n`;
}

const deploy = (config: Partial<GantryConfig>, stored: string, destination?: string) =>
  runEngine({
    plugins: [appPlugin, proxyPlugin],
    config,
    graph: 'deploy',
    destination,
    script: (fake: FakeTransportFactory) => {
      fake.respond('gantry-caddy-routes', { stdout: stored });
      fake.respond('gantry-wait-healthy', { stdout: 'healthy' });
      fake.respond('gantry-caddy-health', { stdout: 'healthy' });
    },
  });

test('a destination claiming the production host is refused, naming both, before any container starts', async () => {
  const production = storedRoute(caddy({ host: 'shop.test' }));
  const { result, fake } = await deploy(caddy({ host: 'shop.test' }), production, 'staging');
  assert.equal(result.exitCode, 1);
  assert.match(
    result.failures[0]!.error!.message,
    'h1: proxy host shop.test is already routed to app-web; not routing it to app-web-staging too',
  );
  assert.not.ok(fake.calls.some((c) => c.command.includes('docker run') && !c.command.includes('gantry-caddy')), 'no app container started');
});

test('two catch-all apps on one proxy: the second is refused', async () => {
  const { result } = await deploy(caddy({}, 'blog'), storedRoute(caddy({}, 'shop')));
  assert.match(result.failures[0]!.error!.message, 'every host (no proxy.host) is already routed to shop-web; not routing it to blog-web too');
});

test('distinct hosts or paths, and redeploying the same app, go ahead', async () => {
  for (const [config, stored] of [
    [caddy({ host: 'blog.test' }, 'blog'), storedRoute(caddy({ host: 'shop.test' }, 'shop'))],
    [caddy({ host: 'shop.test', path_prefix: '/blog' }, 'blog'), storedRoute(caddy({ host: 'shop.test' }, 'shop'))],
    [caddy({ host: 'shop.test' }, 'shop'), storedRoute(caddy({ host: 'shop.test' }, 'shop'))],
  ] as const) {
    const { result } = await deploy(config, stored);
    assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  }
});

test.run();
