import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GantryConfig } from '../../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';
import { caddyRunOptions, liveRoutes } from '../../../plugins/proxy/caddy/driver.js';
import { caddyImage } from '../../../plugins/proxy/caddy/image.js';
import { maintenanceRoutes } from '../../../plugins/proxy/caddy/maintenance.js';
import { currentUpstream, routeIdsFromListing } from '../../../plugins/proxy/caddy/route-files.js';
import { routeSettings } from '../../../plugins/proxy/settings.js';

const ctxFor = (config: Partial<GantryConfig>, destination?: string) =>
  context([host('h1', ['web'], true)], { config: fakeLoadedConfig(config), destination });

test('two apps on one Caddy: distinct route ids and files, each matching its own hosts', () => {
  const blog = routeSettings(ctxFor({ service: 'blog', proxy: { driver: 'caddy', host: 'blog.example.com' } }), 'web');
  const shop = routeSettings(ctxFor({ service: 'shop', proxy: { driver: 'caddy', host: 'shop.example.com', app_port: 3000 } }, 'production'), 'web');
  const a = liveRoutes(blog, 'c1:80');
  const b = liveRoutes(shop, 'c2:3000', 'c0:3000');
  assert.equal([a.id, a.fileName], ['blog-web', '0-9999~blog-web.json']);
  assert.equal([b.id, b.fileName], ['shop-web-production', '0-9999~shop-web-production.json']);
  assert.equal(a.http!['match'], [{ host: ['blog.example.com'] }]);
  assert.equal(b.http!['match'], [{ host: ['shop.example.com'] }]);
  assert.equal(currentUpstream(JSON.stringify(b.http)), 'c2:3000');
  assert.match(JSON.stringify(b.http), '"upstreams":[{"dial":"c2:3000"},{"dial":"c0:3000"}]');
  assert.match(JSON.stringify(a.http), '"health_checks":{"active":{"uri":"/up","interval":"1s","timeout":"5s"}}');
});

test('ssl: the proxy route goes on the HTTPS server, HTTP redirects', () => {
  const settings = routeSettings(ctxFor({ proxy: { driver: 'caddy', host: 'a.example.com', ssl: true } }), 'web');
  const routes = liveRoutes(settings, 'c1:80');
  assert.is(routes.https!['@id'], 'app-web');
  assert.is(routes.http!['@id'], 'app-web.http');
  assert.match(JSON.stringify(routes.http), '"status_code":308');
  assert.is(currentUpstream(`${JSON.stringify(routes.https)}\n${JSON.stringify(routes.http)}\n`), 'c1:80');
});

test('the same upstream twice is not listed as its own previous one', () => {
  const settings = routeSettings(ctxFor({ proxy: { driver: 'caddy' } }), 'web');
  assert.not.match(JSON.stringify(liveRoutes(settings, 'c1:80', 'c1:80').http), 'selection_policy');
});

test('maintenance routes keep the ids and file name and answer 503 with the message', () => {
  const routes = maintenanceRoutes({ id: 'app-web', hosts: ['a.example.com'], pathPrefixes: ['/app'], tls: false, message: 'Back soon' });
  assert.is(routes.fileName, '0-9995~app-web.json');
  assert.equal(routes.http, {
    '@id': 'app-web',
    match: [{ host: ['a.example.com'], path: ['/app', '/app/*'] }],
    handle: [
      {
        handler: 'static_response',
        status_code: 503,
        headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Retry-After': ['30'] },
        body: 'Back soon\n',
      },
    ],
    terminal: true,
  });
  assert.is(currentUpstream(JSON.stringify(routes.http)), undefined);
});

test('route ids from the route file listing, each once', () => {
  assert.equal(routeIdsFromListing('0-9999~blog-web.json\n2-9999~shop-web-production.json\n0-9999~blog-web.json\n'), ['blog-web', 'shop-web-production']);
  assert.equal(routeIdsFromListing(''), []);
});

test('the Caddy image from proxy.run, else the stock one', () => {
  assert.is(caddyImage({}), 'caddy:2.10-alpine');
  assert.is(caddyImage({ registry: '10.79.0.1:5000', repository: 'testbed/caddy', version: 'latest' }), '10.79.0.1:5000/testbed/caddy:latest');
  assert.equal(caddyRunOptions(ctxFor({ proxy: { driver: 'caddy', run: { bind_ips: ['10.0.0.1'] } } })).bindIps, ['10.0.0.1']);
});

test.run();
