import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GantryConfig } from '../../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';
import { liveRoutes } from '../../../plugins/proxy/caddy/driver.js';
import { caddyCleanUpErrorPages, caddyErrorPagesDirectory, caddyPutFile, currentErrorPages } from '../../../plugins/proxy/caddy/error-pages.js';
import { maintenanceRoutes } from '../../../plugins/proxy/caddy/maintenance.js';
import { routeSettings } from '../../../plugins/proxy/settings.js';

const pages = '/config/gantry/apps/app-staging/error_pages/v2';
const pageRoute = {
  match: [{ file: { root: pages, try_files: ['/{http.error.status_code}.html'] } }],
  handle: [
    { handler: 'rewrite', uri: '{http.matchers.file.relative}' },
    { handler: 'file_server', root: pages, status_code: '{http.error.status_code}' },
  ],
};

test('error pages live per app and version in the config volume; files go in through stdin, umask chosen', () => {
  assert.is(caddyErrorPagesDirectory('app-staging', 'v2'), pages);
  assert.equal(caddyPutFile(`${pages}/502.html`, '022'), [
    'docker', 'exec', '-i', 'gantry-caddy', 'sh', '-c', 'umask "$1" && mkdir -p "${2%/*}" && cat > "$2"', 'gantry-caddy-put', '022', `${pages}/502.html`,
  ]);
  assert.equal(caddyCleanUpErrorPages('app-staging', 'v2'), [
    'docker', 'exec', 'gantry-caddy', 'find', '/config/gantry/apps/app-staging/error_pages', '-mindepth', '1', '-maxdepth', '1', '!', '-name', 'v2', '-exec', 'rm', '-rf', '{}', '+',
  ]);
});

test('a live route with error pages: the proxy wrapped in a subroute whose errors serve <status>.html with that status', () => {
  const ctx = context([host('h1', ['web'], true)], { config: fakeLoadedConfig({ proxy: { driver: 'caddy', host: 'a.example.com' } } as Partial<GantryConfig>) });
  const routes = liveRoutes(routeSettings(ctx, 'web'), 'c1:80', undefined, pages);
  const plain = liveRoutes(routeSettings(ctx, 'web'), 'c1:80');
  assert.equal(routes.http, {
    '@id': 'app-web',
    match: [{ host: ['a.example.com'] }],
    handle: [{ handler: 'subroute', routes: [{ handle: plain.http!['handle'] }], errors: { routes: [pageRoute] } }],
    terminal: true,
  });
  assert.is(currentErrorPages(JSON.stringify(routes.http)), pages);
  assert.is(currentErrorPages(JSON.stringify(plain.http)), undefined);
});

test('maintenance with error pages raises a 503 the pages answer, the message when there is no 503.html', () => {
  const routes = maintenanceRoutes({ id: 'app-web', hosts: [], pathPrefixes: [], tls: false, message: 'Back soon', errorPages: pages });
  const plain = {
    handler: 'static_response',
    status_code: 503,
    headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Retry-After': ['30'] },
    body: 'Back soon\n',
  };
  assert.equal(routes.http, {
    '@id': 'app-web',
    handle: [
      {
        handler: 'subroute',
        routes: [{ handle: [{ handler: 'error', status_code: 503, error: 'Back soon\n' }] }],
        errors: { routes: [pageRoute, { handle: [plain] }] },
      },
    ],
    terminal: true,
  });
  assert.is(currentErrorPages(JSON.stringify(routes.http)), pages);
});

test.run();
