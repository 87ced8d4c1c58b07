import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { anchorsOf } from '../../core/graph/named.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runEngine } from '../support/engine.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { getAppHooks } from '../../plugins/app/api.js';
import { liveRoutes } from '../../plugins/proxy/caddy/driver.js';
import { routeSettings } from '../../plugins/proxy/settings.js';
import { context, fakeLoadedConfig, host } from '../support/context.js';

// Stands in for the app plugin: switches web on each web host from app-web-v1 to app-web-v2.
const switchPlugin = definePlugin({
  name: 'test-switch',
  apply(engine) {
    engine.hooks.graphs.tap('test-switch', (registry) => {
      registry.set('test switch', { name: 'test switch', description: 'test', goals: [anchorsOf('test switch').done] });
    });
    const app = getAppHooks(engine);
    engine.hooks.graph.for('test switch').tap('test-switch', (builder) => {
      builder.insertAfter(anchorsOf('test switch').locked, {
        id: 'test:switch',
        plugin: 'test-switch',
        dependsOn: [],
        scope: 'perHost',
        roles: ['web'],
        run: async (env) => {
          await app.trafficSwitch.promise(env, { role: 'web', container: 'app-web-v2', containerId: 'c2', oldContainer: 'app-web-v1' });
        },
      });
    });
  },
});

/** caddyPreSwitch's output: the app's routes, other apps' HTTP routes, then the health wait's word. */
const preSwitch = (appRoutes: string, health = 'healthy', otherRoutes = '') =>
  `\n@gantry:app-routes\n${appRoutes}\n@gantry:http-routes\n${otherRoutes}\n@gantry:health\n${health}\n`;

const caddy: Partial<GantryConfig> = { servers: ['h1'], proxy: { driver: 'caddy', host: 'app.example.com' }, drain_timeout: 12 };
const oldRoute = JSON.stringify(
  liveRoutes(routeSettings(context([host('h1', ['web'], true)], { config: fakeLoadedConfig(caddy) }), 'web'), 'c1:80').http,
);

test('caddy: routes and health in one command (other apps\' routes checked too), then route swap keeping the old upstream second and drain wait in one command', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: caddy,
    graph: 'test switch',
    script: (f) => f.respond('gantry-caddy-pre-switch', { stdout: preSwitch(oldRoute) }),
  });
  assert.ok(result.ok, result.failures[0]?.error?.message);
  const commands = fake.commandsFor('h1');
  assert.is(commands.length, 2);
  assert.match(commands[0]!, /^docker exec gantry-caddy sh -c .* gantry-caddy-pre-switch \/config\/gantry app-web http:\/\/c2:80\/up 30 5 0.1$/s);
  assert.match(commands[1]!, /^docker exec gantry-caddy sh -c .* gantry-caddy-switch /s);
  assert.match(commands[1]!, " c1:80 12 0.2 /config/gantry '' app-web ");
  assert.match(commands[1]!, '"upstreams":[{"dial":"c2:80"},{"dial":"c1:80"}]');
  assert.match(commands[1]!, '"match":[{"host":["app.example.com"]}]');
});

test('caddy: a pre-switch read that fails before the health wait names the command and its stderr; nothing is switched', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: caddy,
    graph: 'test switch',
    script: (f) => f.respond('gantry-caddy-pre-switch', { code: 1, stderr: 'Error response from daemon: container gantry-caddy is not running' }),
  });
  assert.not.ok(result.ok);
  const message = result.failures[0]!.error!.message;
  assert.match(message, /^h1: `docker exec gantry-caddy sh -c .* gantry-caddy-pre-switch .*` exited with 1\nError response from daemon: container gantry-caddy is not running$/s);
  assert.not.ok(fake.commandsFor('h1').some((c) => c.includes('gantry-caddy-switch') || c.includes('gantry-caddy-apply') || c.includes('docker logs')));
});

test('caddy: another app holding the route refuses the switch once the new container is healthy; the old route stays', async () => {
  const other = JSON.stringify(liveRoutes(routeSettings(context([host('h1', ['web'], true)], { config: fakeLoadedConfig({ ...caddy, service: 'blog' }) }), 'web'), 'b1:80').http);
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: caddy,
    graph: 'test switch',
    script: (f) =>
      f
        .respond('gantry-caddy-pre-switch', { stdout: preSwitch(oldRoute, 'healthy', `0-9999~blog-web.json\t${other}`) }),
  });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'h1: proxy host app.example.com is already routed to blog-web; not routing it to app-web too');
  assert.not.ok(fake.commandsFor('h1').some((c) => c.includes('gantry-caddy-switch') || c.includes('gantry-caddy-apply')));
});

test('caddy: a route swap Caddy refuses fails the switch with its error', async () => {
  const { result } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: caddy,
    graph: 'test switch',
    script: (f) =>
      f
        .respond('gantry-caddy-pre-switch', { stdout: preSwitch(oldRoute) })
        .respond('gantry-caddy-switch', { code: 1, stderr: 'Error: loading new config: bad route' }),
  });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'h1: switching app-web from c1:80 to c2:80 failed: Error: loading new config: bad route');
});

test('caddy: a first deploy has nothing to drain', async () => {
  const { result, fake } = await runEngine({ plugins: [proxyPlugin, switchPlugin], config: caddy, graph: 'test switch' });
  assert.ok(result.ok);
  assert.equal(
    fake.commandsFor('h1').map((c) => /gantry-caddy-(\w+)/.exec(c)?.[1]),
    ['pre', 'apply'],
  );
});

test('caddy: a custom certificate goes on the route change\'s stdin (chain, then key), never into a command or a log', async () => {
  const cert = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----';
  const key = '-----BEGIN PRIVATE KEY-----\nMIIEkey-s3cr3t\n-----END PRIVATE KEY-----\n';
  const { result, fake, logged, printed } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: { ...caddy, proxy: { ...caddy.proxy!, ssl: { certificate_pem: 'CERT_PEM', private_key_pem: 'KEY_PEM' } } },
    graph: 'test switch',
    secrets: { CERT_PEM: cert, KEY_PEM: key },
    script: (f) => f.respond('gantry-caddy-pre-switch', { stdout: preSwitch(oldRoute) }),
  });
  assert.ok(result.ok, result.failures[0]?.error?.message);
  const apply = fake.calls.find((c) => c.command.includes('gantry-caddy-apply'))!;
  assert.match(apply.command, /^docker exec -i gantry-caddy sh -c [\s\S]* write$/);
  assert.is(apply.stdin, `${cert}\n${key}`);
  for (const line of [...fake.calls.map((c) => c.command), ...logged, ...printed]) assert.not.ok(line.includes('s3cr3t'), line);
  assert.not.ok(fake.uploads.length, 'nothing uploaded to the host: the bundle lives in the proxy volume');
});

test('caddy: without a custom certificate, the route change removes one an earlier deploy stored', async () => {
  const { result, fake } = await runEngine({ plugins: [proxyPlugin, switchPlugin], config: caddy, graph: 'test switch' });
  assert.ok(result.ok);
  const apply = fake.calls.find((c) => c.command.includes('gantry-caddy-apply'))!;
  assert.match(apply.command, /^docker exec gantry-caddy sh -c [\s\S]* remove$/);
  assert.is(apply.stdin, undefined);
});

test('caddy: an unhealthy target leaves the old route and fails with its logs', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: caddy,
    graph: 'test switch',
    script: (f) =>
      f
        .respond('gantry-caddy-pre-switch', { code: 2, stdout: preSwitch(oldRoute, 'wget: server returned error: HTTP/1.1 500') })
        .respond('docker logs --tail 50 app-web-v2', { stdout: 'boot failed: no database' }),
  });
  assert.not.ok(result.ok);
  const message = result.failures[0]!.error!.message;
  assert.match(message, 'app-web-v2 on h1 did not become healthy; the old container keeps serving');
  assert.match(message, 'HTTP/1.1 500');
  assert.match(message, 'boot failed: no database');
  assert.not.ok(fake.commandsFor('h1').some((c) => c.includes('gantry-caddy-apply')));
});

test('kamal-proxy: one deploy command by container id; a failure carries the logs', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin, switchPlugin],
    config: { servers: ['h1'], proxy: { host: 'app.example.com', app_port: 3000 } },
    destination: 'staging',
    graph: 'test switch',
    script: (f) =>
      f
        .respond('kamal-proxy deploy', { code: 1, stderr: 'Error: target failed to become healthy' })
        .respond('docker logs', { stdout: 'listening on 4000' }),
  });
  assert.not.ok(result.ok);
  assert.match(fake.commandsFor('h1')[0]!, /^docker exec kamal-proxy kamal-proxy deploy app-web-staging --target=c2:3000 --host=app.example.com /);
  assert.match(result.failures[0]!.error!.message, 'target failed to become healthy');
  assert.match(result.failures[0]!.error!.message, 'listening on 4000');
});

test('kamal-proxy: custom certificate and error pages uploaded where Kamal puts them, then named in the deploy', async () => {
  const pages = mkdtempSync(join(tmpdir(), 'gantry-pages-'));
  writeFileSync(join(pages, '404.html'), '<h1>not here</h1>');
  writeFileSync(join(pages, '5xx.html'), '<h1>down</h1>');
  writeFileSync(join(pages, 'notes.txt'), 'not a page');
  try {
    const { result, fake } = await runEngine({
      plugins: [proxyPlugin, switchPlugin],
      config: {
        servers: ['h1'],
        proxy: { host: 'app.example.com', ssl: { certificate_pem: 'CERT_PEM', private_key_pem: 'KEY_PEM' } },
        error_pages_path: pages,
      },
      graph: 'test switch',
    });
    assert.ok(result.ok, JSON.stringify(result.failures));
    const uploads = fake.uploads.map((u) => [u.path.replace(/error_pages\/[^/]+\//, 'error_pages/VERSION/'), u.mode.toString(8)]);
    assert.equal(uploads, [
      ['.kamal/proxy/apps-config/app/tls/web/cert.pem', '644'],
      ['.kamal/proxy/apps-config/app/tls/web/key.pem', '644'],
      ['.kamal/proxy/apps-config/app/error_pages/VERSION/404.html', '644'],
      ['.kamal/proxy/apps-config/app/error_pages/VERSION/5xx.html', '644'],
    ]);
    const commands = fake.commandsFor('h1');
    assert.is(commands[0], 'mkdir -p .kamal/proxy/apps-config/app/tls/web');
    assert.match(commands[1]!, /^mkdir -p \.kamal\/proxy\/apps-config\/app\/error_pages\/\S+$/);
    const version = commands[1]!.split('/').pop()!;
    assert.match(
      commands[2]!,
      ' --tls --tls-certificate-path=/home/kamal-proxy/.apps-config/app/tls/web/cert.pem --tls-private-key-path=/home/kamal-proxy/.apps-config/app/tls/web/key.pem ',
    );
    assert.match(commands[2]!, new RegExp(` --error-pages=/home/kamal-proxy/.apps-config/app/error_pages/${version}$`));
    assert.is(commands[3], `find .kamal/proxy/apps-config/app/error_pages -mindepth 1 -maxdepth 1 '!' -name ${version} -exec rm -rf '{}' +`);
  } finally {
    rmSync(pages, { recursive: true });
  }
});

test('caddy: error pages written into the proxy container for this version, served by the route, other versions removed', async () => {
  const pages = mkdtempSync(join(tmpdir(), 'gantry-pages-'));
  writeFileSync(join(pages, '502.html'), '<h1>down</h1>');
  writeFileSync(join(pages, 'notes.txt'), 'not a page');
  try {
    const { result, fake } = await runEngine({
      plugins: [proxyPlugin, switchPlugin],
      config: { ...caddy, error_pages_path: pages },
      graph: 'test switch',
      script: (f) => f.respond('gantry-caddy-pre-switch', { stdout: preSwitch('') }),
    });
    assert.ok(result.ok, JSON.stringify(result.failures));
    const calls = fake.calls.filter((c) => c.host === 'h1');
    const put = calls.find((c) => c.command.includes('gantry-caddy-put'))!;
    assert.match(put.command, /^docker exec -i gantry-caddy sh -c .* gantry-caddy-put 022 \/config\/gantry\/apps\/app\/error_pages\/v2\/502\.html$/);
    assert.is(put.stdin, '<h1>down</h1>');
    assert.is(calls.filter((c) => c.command.includes('gantry-caddy-put')).length, 1);
    const apply = calls.findIndex((c) => c.command.includes('gantry-caddy-apply'));
    assert.ok(calls.indexOf(put) < apply);
    assert.match(calls[apply]!.command, '"file_server","root":"/config/gantry/apps/app/error_pages/v2","status_code":"{http.error.status_code}"');
    assert.is(calls[apply + 1]!.command, "docker exec gantry-caddy find /config/gantry/apps/app/error_pages -mindepth 1 -maxdepth 1 '!' -name v2 -exec rm -rf '{}' +");
  } finally {
    rmSync(pages, { recursive: true });
  }
});

test.run();
