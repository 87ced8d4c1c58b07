import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { caddyAppRoutes, caddyFrame, caddyRoute, routeFileName, type CaddyRouteOptions } from '../../../plugins/proxy/caddy/routes.js';

const web: CaddyRouteOptions = {
  id: 'app-web',
  hosts: ['example.com'],
  pathPrefixes: [],
  upstream: 'app-web-999:3000',
  healthcheck: { path: '/up', intervalSeconds: 1, timeoutSeconds: 5 },
};

const proxyTo = (...dials: string[]) => ({
  handler: 'reverse_proxy',
  upstreams: dials.map((dial) => ({ dial })),
  health_checks: { active: { uri: '/up', interval: '1s', timeout: '5s' } },
});

test('a route: @id, host match, reverse proxy with active health checks, terminal', () => {
  assert.equal(caddyRoute(web), {
    '@id': 'app-web',
    match: [{ host: ['example.com'] }],
    handle: [proxyTo('app-web-999:3000')],
    terminal: true,
  });
});

test('a catch-all route has no matcher', () => {
  assert.equal(caddyRoute({ ...web, hosts: [] }), { '@id': 'app-web', handle: [proxyTo('app-web-999:3000')], terminal: true });
});

test('path prefixes: matched with their subtree, stripped longest first', () => {
  assert.equal(caddyRoute({ ...web, pathPrefixes: ['api/', '/api/v2', '/'] }), {
    '@id': 'app-web',
    match: [{ host: ['example.com'], path: ['/api', '/api/*', '/api/v2', '/api/v2/*'] }],
    handle: [
      {
        handler: 'subroute',
        routes: [
          { match: [{ path: ['/api/v2', '/api/v2/*'] }], handle: [{ handler: 'rewrite', strip_path_prefix: '/api/v2' }] },
          { match: [{ path: ['/api', '/api/*'] }], handle: [{ handler: 'rewrite', strip_path_prefix: '/api' }] },
          { handle: [proxyTo('app-web-999:3000')] },
        ],
      },
    ],
    terminal: true,
  });
  assert.equal(caddyRoute({ ...web, pathPrefixes: ['/api'], stripPathPrefix: false }).handle, [proxyTo('app-web-999:3000')]);
});

test('previous upstream kept second with the first policy; forward headers; response timeout', () => {
  assert.equal(caddyRoute({ ...web, previousUpstream: 'app-web-998:3000', forwardHeaders: true, responseTimeoutSeconds: 45 }).handle, [
    {
      ...proxyTo('app-web-999:3000', 'app-web-998:3000'),
      load_balancing: { selection_policy: { policy: 'first' } },
      trusted_proxies: ['0.0.0.0/0', '::/0'],
      transport: { protocol: 'http', response_header_timeout: '45s' },
    },
  ]);
});

test('placement: plain HTTP app', () => {
  const routes = caddyAppRoutes({ ...web, tls: false });
  assert.equal(routes, { id: 'app-web', fileName: '0-9999~app-web.json', http: caddyRoute(web) });
});

test('placement: TLS app redirects HTTP to HTTPS', () => {
  const routes = caddyAppRoutes({ ...web, pathPrefixes: ['/api'], tls: true });
  assert.equal(routes.https, caddyRoute({ ...web, pathPrefixes: ['/api'] }));
  assert.equal(routes.http, {
    '@id': 'app-web.http',
    match: [{ host: ['example.com'], path: ['/api', '/api/*'] }],
    handle: [{ handler: 'static_response', status_code: 308, headers: { Location: ['https://{http.request.host}{http.request.uri}'] } }],
    terminal: true,
  });
});

test('placement: TLS app without redirect serves both', () => {
  const routes = caddyAppRoutes({ ...web, tls: true, tlsRedirect: false });
  assert.equal(routes.https, caddyRoute(web));
  assert.equal(routes.http, caddyRoute({ ...web, id: 'app-web.http' }));
});

test('file names sort exact hosts, wildcards, catch-alls; longer prefixes first', () => {
  const names = [
    routeFileName({ id: 'catchall', hosts: [], pathPrefixes: [] }),
    routeFileName({ id: 'wild', hosts: ['*.example.com'], pathPrefixes: [] }),
    routeFileName({ id: 'root', hosts: ['example.com'], pathPrefixes: [] }),
    routeFileName({ id: 'api', hosts: ['example.com'], pathPrefixes: ['/api'] }),
    routeFileName({ id: 'api-v2', hosts: ['example.com', '*.example.com'], pathPrefixes: ['/api/v2'] }),
    routeFileName({ id: 'catchall-api', hosts: [], pathPrefixes: ['/api'] }),
  ];
  assert.equal(names, ['2-9999~catchall.json', '1-9999~wild.json', '0-9999~root.json', '0-9995~api.json', '0-9992~api-v2.json', '2-9995~catchall-api.json']);
  assert.equal([...names].sort(), ['0-9992~api-v2.json', '0-9995~api.json', '0-9999~root.json', '1-9999~wild.json', '2-9995~catchall-api.json', '2-9999~catchall.json']);
  assert.throws(() => routeFileName({ id: 'a~b', hosts: [], pathPrefixes: [] }), /Invalid proxy route id/);
  assert.throws(() => routeFileName({ id: '../x', hosts: [], pathPrefixes: [] }), /Invalid proxy route id/);
});

test('frame: two servers with route slots and 404 fallbacks', () => {
  const fallback = { handle: [{ handler: 'static_response', status_code: 404 }] };
  assert.equal(JSON.parse(caddyFrame({ gracePeriodSeconds: 10 })), {
    admin: { listen: 'localhost:2019' },
    apps: {
      http: {
        grace_period: '10s',
        servers: {
          gantry_http: { listen: [':80'], routes: ['@gantry:http-routes', fallback] },
          gantry_https: { listen: [':443'], automatic_https: { disable_redirects: true }, routes: ['@gantry:https-routes', fallback] },
        },
      },
    },
  });
  assert.is(JSON.parse(caddyFrame()).apps.http.grace_period, '30s');
});

test.run();
