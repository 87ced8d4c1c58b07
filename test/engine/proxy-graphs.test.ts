import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import type { TaskNode } from '../../core/graph/model.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runEngine } from '../support/engine.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';

// Stands in for the app plugin's boot: per host after the gate and the host's own preparation.
const bootPlugin = definePlugin({
  name: 'test-boot',
  apply(engine) {
    engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
      const boot: TaskNode = { id: 'test:boot', plugin: 'test-boot', dependsOn: [DEPLOY.prepared], scope: 'perHost', run: (env) => env.run(['echo', 'boot']).then(() => undefined) };
      builder.between(DEPLOY.ready, boot, DEPLOY.booted);
    });
  },
});

const servers = { web: { hosts: ['h1'] }, jobs: { hosts: ['h2'] } } as GantryConfig['servers'];

test('deploy: proxy boot on proxied hosts only, before app boot; redeploy skips it', async () => {
  const { result, fake } = await runEngine({ plugins: [bootPlugin, proxyPlugin], config: { servers }, graph: 'deploy' });
  assert.ok(result.ok);
  assert.equal(fake.commandsFor('h1'), [
    'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal || docker network inspect kamal > /dev/null 2>&1',
    'mkdir -p .kamal/proxy/apps-config',
    fake.commandsFor('h1')[2]!,
    'echo boot',
  ]);
  assert.match(fake.commandsFor('h1')[2]!, /^docker container start kamal-proxy 2> \/dev\/null \|\| docker run --name kamal-proxy /);
  assert.equal(fake.commandsFor('h2'), ['echo boot']);
  const redeploy = await runEngine({ plugins: [bootPlugin, proxyPlugin], config: { servers }, graph: 'redeploy' });
  assert.equal(redeploy.fake.commandsFor('h1'), ['echo boot']);
});

test('proxy logs: the shared log reader on the proxy container of proxied hosts only, per driver', async () => {
  const kamal = await runEngine({ plugins: [proxyPlugin], config: { servers }, graph: 'proxy logs', options: { lines: '5' }, script: (f) => f.respond('docker logs', { stdout: 'GET /up\n' }) });
  assert.equal(kamal.fake.calls.map((c) => [c.host, c.command]), [['h1', 'docker logs --timestamps --tail 5 kamal-proxy 2>&1']]);
  assert.equal(kamal.printed, ['GET /up']);
  const caddy = await runEngine({ plugins: [proxyPlugin], config: { servers, proxy: { driver: 'caddy' } } as Partial<GantryConfig>, graph: 'proxy logs', options: { follow: true } });
  assert.equal(caddy.fake.commandsFor('h1'), ['docker logs --timestamps --tail 10 --follow gantry-caddy 2>&1']);
});

test('deploy with caddy: the stored frame is written only when Caddy has none', async () => {
  const config: Partial<GantryConfig> = { servers, proxy: { driver: 'caddy', run: { registry: '10.79.0.1:5000', repository: 'testbed/caddy', version: 'latest' } } };
  const { fake } = await runEngine({ plugins: [proxyPlugin], config, graph: 'deploy', script: (f) => f.respond('gantry-caddy-routes', { code: 3 }) });
  const commands = fake.commandsFor('h1');
  assert.match(commands[1]!, /^docker container start gantry-caddy 2> \/dev\/null \|\| docker run --name gantry-caddy .* 10\.79\.0\.1:5000\/testbed\/caddy:latest caddy run --resume$/);
  // The frame check and the other apps' routes in one docker exec.
  assert.match(commands[2]!, /^docker exec gantry-caddy sh -c .*\n\[ -e "\$1\/frame.json" \] \|\| exit 3' gantry-caddy-routes \/config\/gantry$/s);
  assert.match(commands[3]!, 'gantry-caddy-apply');
  assert.match(commands[3]!, '"grace_period":"30s"');
  const again = await runEngine({ plugins: [proxyPlugin], config, graph: 'deploy' });
  assert.is(again.fake.commandsFor('h1').length, 3);
  assert.match(again.fake.commandsFor('h1')[2]!, 'gantry-caddy-routes');
  const broken = await runEngine({ plugins: [proxyPlugin], config, graph: 'deploy', script: (f) => f.respond('gantry-caddy-routes', { code: 1, stderr: 'Error response from daemon: container is restarting' }) });
  assert.match(broken.result.failures[0]!.error!.message, 'h1: reading the routes stored in gantry-caddy failed: Error response from daemon: container is restarting');
});

test('proxy reboot --rolling: one host at a time, the proxy replaced', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin],
    config: { servers: ['h1', 'h2'] },
    graph: 'proxy reboot',
    options: { rolling: true, confirmed: true },
    script: (f) => f.respond('docker container stop', {}, { delayMs: 5 }),
  });
  assert.ok(result.ok);
  const order = fake.calls.map((c) => `${c.host} ${c.command.split(' ').slice(0, 3).join(' ')}`);
  const firstOnH2 = order.findIndex((line) => line.startsWith('h2'));
  assert.ok(order.slice(0, firstOnH2).some((line) => line === 'h1 docker run --name'), 'h1 is rebooted before h2 starts');
  assert.equal(
    result.outcomes.filter((o) => o.nodeId.startsWith('proxy:')).map((o) => o.nodeId),
    ['proxy:pre-reboot-h1', 'proxy:reboot-h1', 'proxy:post-reboot-h1', 'proxy:pre-reboot-h2', 'proxy:reboot-h2', 'proxy:post-reboot-h2'],
  );
});

test('proxy remove refuses while other apps are installed (kamal-proxy: app directories)', async () => {
  const { result, fake } = await runEngine({
    plugins: [proxyPlugin],
    config: { servers: ['h1'] },
    graph: 'proxy remove',
    script: (f) => f.respond('ls -1 .kamal/apps', { stdout: 'blog\n' }),
  });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'not removing the proxy: apps are still installed on h1: blog');
  assert.is(fake.commandsFor('h1').length, 1);
});

test('proxy remove with caddy: other services\' routes block, this app\'s own do not', async () => {
  const config: Partial<GantryConfig> = { servers: ['h1'], proxy: { driver: 'caddy' } };
  const blocked = await runEngine({ plugins: [proxyPlugin], config, graph: 'proxy remove', script: (f) => f.respond('gantry-caddy-ls', { stdout: '0-9999~app-web.json\n2-9999~blog-web.json\n' }) });
  assert.match(blocked.result.failures[0]!.error!.message, 'other apps still have routes on h1: blog-web');
  const allowed = await runEngine({ plugins: [proxyPlugin], config, graph: 'proxy remove', script: (f) => f.respond('gantry-caddy-ls', { stdout: '0-9999~app-web.json\n' }) });
  assert.ok(allowed.result.ok);
  assert.is(allowed.fake.commandsFor('h1').at(-1), 'docker container rm --force gantry-caddy');
});

test('remove: the app\'s destination-aware route goes; the proxy stays while another app is installed', async () => {
  const { fake, result } = await runEngine({
    plugins: [proxyPlugin],
    config: { servers },
    graph: 'remove',
    destination: 'staging',
    script: (f) => f.respond('ls -1 .kamal/apps', { stdout: 'app-staging\nblog\n' }),
  });
  assert.ok(result.ok);
  assert.equal(fake.commandsFor('h1'), ['docker exec kamal-proxy kamal-proxy remove app-web-staging', 'ls -1 .kamal/apps 2> /dev/null']);
  assert.equal(fake.commandsFor('h2'), []);
});

test('maintenance and live with kamal-proxy: stop with the message, then resume', async () => {
  const down = await runEngine({ plugins: [proxyPlugin], config: { servers }, graph: 'app maintenance', options: { message: 'Back soon' } });
  assert.equal(down.fake.commandsFor('h1'), ["docker exec kamal-proxy kamal-proxy stop app-web --drain-timeout=30s '--message=Back soon'"]);
  const up = await runEngine({ plugins: [proxyPlugin], config: { servers }, graph: 'app live' });
  assert.equal(up.fake.commandsFor('h1'), ['docker exec kamal-proxy kamal-proxy resume app-web']);
});

test('maintenance and live with caddy: a 503 route, then the route to the running container', async () => {
  const config: Partial<GantryConfig> = { servers, proxy: { driver: 'caddy' } };
  const down = await runEngine({ plugins: [proxyPlugin], config, graph: 'app maintenance', options: { message: 'Back soon' } });
  // The stored route is read first: it names the error pages a maintenance route keeps serving.
  const [read, apply] = down.fake.commandsFor('h1');
  assert.match(read!, 'gantry-caddy-read');
  assert.match(apply!, '"status_code":503');
  assert.match(apply!, 'Back soon');
  const up = await runEngine({ plugins: [proxyPlugin], config, graph: 'app live', script: (f) => f.respond('docker ps --latest --quiet', { stdout: 'c9\n' }) });
  const [find, , restore] = up.fake.commandsFor('h1');
  assert.is(find, 'docker ps --latest --quiet --filter label=service=app --filter label=destination= --filter label=role=web --filter status=running');
  assert.match(restore!, '"upstreams":[{"dial":"c9:80"}]');
  const none = await runEngine({ plugins: [proxyPlugin], config, graph: 'app live' });
  assert.match(none.result.failures[0]!.error!.message, 'no running app-web container on h1');
});

test.run();
