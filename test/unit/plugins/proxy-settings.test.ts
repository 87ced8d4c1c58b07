import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import type { GantryConfig } from '../../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';
import { kamalProxyDeployOptions, kamalProxyRunOptions } from '../../../plugins/proxy/kamal-proxy/driver.js';
import { proxyDeploy, proxyRun } from '../../../plugins/proxy/kamal-proxy/commands.js';
import { proxiedRoles, routeSettings } from '../../../plugins/proxy/settings.js';

const ctxFor = (config: Partial<GantryConfig>, destination?: string) =>
  context([host('h1', ['web'], true)], { config: fakeLoadedConfig(config), destination });

const servers = {
  web: { hosts: ['h1'] },
  api: { hosts: ['h2'], proxy: { host: 'api.example.com, api2.example.com', app_port: 4000, healthcheck: { path: '/health' } } },
  jobs: { hosts: ['h3'] },
} as GantryConfig['servers'];

test('the role hash merges over the root proxy; defaults fill the rest', () => {
  const ctx = ctxFor({ servers, proxy: { host: 'example.com', app_port: 3000, ssl: true, response_timeout: 10 } }, 'staging');
  const api = routeSettings(ctx, 'api');
  assert.is(api.service, 'app-api-staging');
  assert.equal(api.hosts, ['api.example.com', 'api2.example.com']);
  assert.is(api.appPort, 4000);
  assert.is(api.ssl, true);
  assert.is(api.responseTimeout, 10);
  assert.equal(api.healthcheck, { path: '/health' });
  assert.is(api.deployTimeout, 30);
  const web = routeSettings(ctx, 'web');
  assert.equal([web.service, web.hosts, web.appPort], ['app-web-staging', ['example.com'], 3000]);
});

test('the primary role and roles with a proxy hash are proxied; others are not', () => {
  assert.equal(proxiedRoles(ctxFor({ servers })), ['web', 'api']);
  assert.equal(proxiedRoles(ctxFor({ servers: ['h1'] })), ['web']);
});

test('kamal-proxy deploy argv from the merged config: only configured health flags, destination name', () => {
  const ctx = ctxFor(
    {
      servers,
      deploy_timeout: 20,
      proxy: { ssl: true, path_prefix: '/app', forward_headers: true, buffering: { requests: false, max_request_body: 1000 }, logging: { request_headers: ['X-Id'] } },
    },
    'staging',
  );
  const argv = proxyDeploy(kamalProxyDeployOptions(routeSettings(ctx, 'api'), 'abc123'));
  assert.is(
    toShell(argv),
    'docker exec kamal-proxy kamal-proxy deploy app-api-staging --target=abc123:4000 --host=api.example.com --host=api2.example.com' +
      ' --tls --deploy-timeout=20s --drain-timeout=30s --health-check-path=/health --buffer-requests=false --buffer-responses' +
      ' --max-request-body=1000 --path-prefix=/app --forward-headers --log-request-header=X-Id',
  );
});

test('kamal-proxy run argv from proxy.run', () => {
  const ctx = ctxFor({ servers, proxy: { run: { http_port: 8080, https_port: 8443, registry: 'r.example:5000', version: 'v0.9.3', metrics_port: 9000 } } });
  assert.is(
    toShell(proxyRun(kamalProxyRunOptions(ctx))),
    'docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --init' +
      ' --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy' +
      ' --volume "$PWD"/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config' +
      ' --publish 8080:80 --publish 8443:443 --log-opt max-size=10m --expose=9000' +
      ' r.example:5000/basecamp/kamal-proxy:v0.9.3 kamal-proxy run --metrics-port 9000',
  );
});

test.run();

test('route settings are worked out once per run and role, and again when the config or destination changes', () => {
  const ctx = ctxFor({ servers, proxy: { host: 'example.com', app_port: 3000 } });
  const web = routeSettings(ctx, 'web');
  assert.is(routeSettings(ctx, 'web'), web);
  assert.is.not(routeSettings(ctx, 'api'), web);
  assert.ok(Object.isFrozen(web) && Object.isFrozen(web.hosts));
  // Another run's context reads its own config.
  assert.is(routeSettings(ctxFor({ servers, proxy: { host: 'other.example.com' } }), 'web').hosts[0], 'other.example.com');
  // A replaced config (settled again, another destination merged in) is read anew.
  ctx.config.config = { ...ctx.config.config, proxy: { host: 'new.example.com', app_port: 4000 } };
  const replaced = routeSettings(ctx, 'web');
  assert.equal([replaced.hosts, replaced.appPort, replaced.service], [['new.example.com'], 4000, 'app-web']);
  ctx.destination = 'staging';
  assert.is(routeSettings(ctx, 'web').service, 'app-web-staging');
});
