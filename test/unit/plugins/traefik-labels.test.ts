import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../../core/engine.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { locate, validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import type { GantryConfig } from '../../../schemas/index.js';
import { proxyPlugin } from '../../../plugins/proxy/index.js';
import { routeSettings } from '../../../plugins/proxy/settings.js';
import { routeClaims, routeLabels, routerRule } from '../../../plugins/proxy/traefik/labels.js';
import { traefikImage, traefikRoute, traefikRunOptions } from '../../../plugins/proxy/traefik/settings.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';
import { problemLines } from '../config/config-error.js';

const ctxFor = (config: Partial<GantryConfig>, destination?: string) => context([host('h1', ['web'], true)], { config: fakeLoadedConfig(config), destination });

test('router rule: hosts or-ed, path prefixes or-ed, both and-ed; nothing set takes every request', () => {
  assert.is(routerRule([], []), 'PathPrefix(`/`)');
  assert.is(routerRule(['a.test'], []), 'Host(`a.test`)');
  assert.is(routerRule(['a.test', 'b.test'], ['/api']), '(Host(`a.test`) || Host(`b.test`)) && PathPrefix(`/api`)');
  assert.is(routerRule([], ['/a', '/b']), '(PathPrefix(`/a`) || PathPrefix(`/b`))');
  assert.equal(routeClaims({ hosts: [], pathPrefixes: [] }), ['*/']);
  assert.equal(routeClaims({ hosts: ['a.test', 'b.test'], pathPrefixes: ['/api'] }), ['a.test/api', 'b.test/api']);
});

test('labels: a plain HTTP route by role and destination, service port from app_port', () => {
  const route = traefikRoute(routeSettings(ctxFor({ proxy: { driver: 'traefik', host: 'a.test', app_port: 3000 } }, 'staging'), 'web'));
  assert.equal(routeLabels(route), {
    'traefik.enable': 'true',
    'gantry.traefik.router': 'app-web-staging',
    'gantry.traefik.claims': 'a.test/',
    'traefik.http.services.app-web-staging.loadbalancer.server.port': '3000',
    'traefik.http.routers.app-web-staging.rule': 'Host(`a.test`)',
    'traefik.http.routers.app-web-staging.entrypoints': 'web',
    'traefik.http.routers.app-web-staging.service': 'app-web-staging',
  });
});

test('labels: ssl routes HTTPS with a Let’s Encrypt certificate and redirects HTTP; path prefixes are stripped', () => {
  const route = traefikRoute(routeSettings(ctxFor({ proxy: { driver: 'traefik', host: 'a.test', ssl: true, path_prefix: '/app' } }), 'web'));
  const labels = routeLabels(route);
  assert.is(labels['traefik.http.routers.app-web.entrypoints'], 'websecure');
  assert.is(labels['traefik.http.routers.app-web.tls.certresolver'], 'letsencrypt');
  assert.is(labels['traefik.http.routers.app-web.middlewares'], 'app-web-strip');
  assert.is(labels['traefik.http.middlewares.app-web-strip.stripprefix.prefixes'], '/app');
  assert.is(labels['traefik.http.routers.app-web-http.rule'], 'Host(`a.test`) && PathPrefix(`/app`)');
  assert.is(labels['traefik.http.routers.app-web-http.entrypoints'], 'web');
  assert.is(labels['traefik.http.routers.app-web-http.middlewares'], 'app-web-redirect');
  assert.is(labels['traefik.http.middlewares.app-web-redirect.redirectscheme.scheme'], 'https');
  assert.is(labels['traefik.http.middlewares.app-web-redirect.redirectscheme.permanent'], 'true');
});

test('labels: ssl_redirect false serves HTTP too; strip_path_prefix false keeps the prefix', () => {
  const route = traefikRoute(
    routeSettings(ctxFor({ proxy: { driver: 'traefik', ssl: true, ssl_redirect: false, path_prefix: '/app', strip_path_prefix: false } }), 'web'),
  );
  const labels = routeLabels(route);
  assert.is(labels['traefik.http.routers.app-web-http.service'], 'app-web');
  assert.is(labels['traefik.http.routers.app-web-http.middlewares'], undefined);
  assert.is(labels['traefik.http.routers.app-web.middlewares'], undefined);
  assert.not.ok(Object.keys(labels).some((key) => key.includes('redirect') || key.includes('strip')));
});

test('run options: image from registry/repository/version, the rest from proxy.run', () => {
  assert.is(traefikImage({}), 'traefik:v3.3');
  assert.is(traefikImage({ version: 'v3.4' }), 'traefik:v3.4');
  assert.is(traefikImage({ registry: 'registry.test', repository: 'ops/traefik' }), 'registry.test/ops/traefik:v3.3');
  const opts = traefikRunOptions(ctxFor({ proxy: { driver: 'traefik', run: { http_port: 8080, metrics_port: 9100, args: { accesslog: true } } } }));
  assert.equal([opts.image, opts.httpPort, opts.metricsPort, opts.args], ['traefik:v3.3', 8080, 9100, { accesslog: true }]);
});

/** The proxy plugin's config check of the config as loaded (positions kept). */
async function check(text: string): Promise<() => void> {
  const source = parseYamlSource('gantry.yml', text, {});
  const config = await validateConfig(source, { files: ['gantry.yml'] });
  const loaded: LoadedConfig = { ...fakeLoadedConfig(), config, locate: (issues) => locate(issues, source, config, ['gantry.yml']) };
  return () => new Engine([proxyPlugin], loaded).checkConfig();
}

const problems = async (text: string) => problemLines(await check(text));

test('config the traefik driver cannot carry out is refused, positioned', async () => {
  const text = [
    'service: app',
    'image: acme/app',
    'servers:',
    '  web: [a]',
    '  api:',
    '    hosts: [a]',
    '    proxy:',
    '      host: "api`.test"',
    '      ssl: { certificate_pem: CERT, private_key_pem: KEY }',
    'proxy:',
    '  driver: traefik',
    '  response_timeout: 10',
    '  forward_headers: true',
    '  buffering: { requests: false }',
    '  logging: { request_headers: [X-A] }',
    '  path_prefixes: [/a, "/b,c"]',
    'accessories:',
    '  db:',
    '    image: postgres',
    '    host: a',
    '    proxy: true',
    '',
  ].join('\n');
  assert.equal(await problems(text), [
    'gantry.yml:8:7 servers.api.proxy.host: "api`.test" cannot go into a Traefik router rule',
    'gantry.yml:9:7 servers.api.proxy.ssl: custom certificates are not supported by the traefik driver; use ssl: true',
    'gantry.yml:12:3 proxy.response_timeout: Traefik has no per-route response timeout; remove it (or use proxy.driver kamal-proxy or caddy)',
    'gantry.yml:13:3 proxy.forward_headers: Traefik trusts X-Forwarded-* per entry point: set proxy.run.args entrypoints.web.forwardedheaders.trustedips instead',
    'gantry.yml:14:3 proxy.buffering: request/response buffering is a kamal-proxy option; remove it with proxy.driver traefik',
    'gantry.yml:15:3 proxy.logging: header logging is a kamal-proxy option; Traefik logs through its access log (proxy.run.args)',
    'gantry.yml:16:23 proxy.path_prefixes[1]: "/b,c" cannot go into a Traefik router rule',
    'gantry.yml:21:5 accessories.db.proxy: the traefik proxy driver routes app roles only (routes are labels set when a container starts); use kamal-proxy or caddy to route accessories',
  ]);
});

test('proxy.run.args belongs to the traefik driver; plain traefik settings pass', async () => {
  assert.equal(await problems('service: app\nimage: acme/app\nservers: [a]\nproxy:\n  run:\n    args: { accesslog: true }\n'), [
    'gantry.yml:6:5 proxy.run.args: args are Traefik static options: set proxy.driver: traefik, or remove them',
  ]);
  assert.equal(await problems('service: app\nimage: acme/app\nservers: [a]\nproxy:\n  driver: traefik\n  run:\n    args: { providers.docker.network: other, accesslog: true }\n'), [
    'gantry.yml:7:13 proxy.run.args.providers.docker.network: providers.docker.network is set by Gantry (the driver depends on it); remove it',
  ]);
  (await check('service: app\nimage: acme/app\nservers: [a]\nproxy:\n  driver: traefik\n  host: a.test\n  ssl: true\n  forward_headers: false\n  run:\n    args: { accesslog: true }\n'))();
});

test.run();
