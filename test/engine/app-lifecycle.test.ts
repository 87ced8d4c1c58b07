/**
 * The app lifecycle with the proxy (issue 11, item 6): `app stop` and `app remove` drop the
 * route before any container stops, `app start` registers the started container again, `remove`
 * removes a proxy no other app uses, and `proxy reboot` needs a yes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appPlugin } from '../../plugins/app/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { ConfirmationNeeded } from '../../core/graph/confirm.js';
import type { GantryConfig } from '../../schemas/index.js';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import { runEngine } from '../support/engine.js';

const servers = { web: ['h1', 'h2'], job: { hosts: ['h3'], cmd: 'bin/jobs' } } as GantryConfig['servers'];
const plugins = [appPlugin, proxyPlugin];
/** h1 and h3 run their role's v2 container; h2 runs none. */
const running = (f: FakeTransportFactory) =>
  f
    .respond((h, c) => h === 'h1' && c.includes('role=web') && c.includes('--format'), { stdout: 'app-web-v2\n' })
    .respond((h, c) => h === 'h3' && c.includes('role=job') && c.includes('--format'), { stdout: 'app-job-v2\n' });

test('app stop: the route is removed before the container stops; no route for a role without the proxy or a host running nothing', async () => {
  const { result, fake } = await runEngine({ plugins, config: { servers }, graph: 'app stop', script: running });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const h1 = fake.commandsFor('h1');
  assert.equal(h1.slice(1), ['docker exec kamal-proxy kamal-proxy remove app-web', 'docker stop app-web-v2']);
  assert.match(h1[0]!, /^\( docker ps --latest .* --format/);
  assert.equal(fake.commandsFor('h2').length, 1, 'h2 only looks for a running container');
  assert.equal(fake.commandsFor('h3').slice(1), ['docker stop -t 30 app-job-v2']);
});

test('app start: the started container is registered with the proxy again (proxied roles only)', async () => {
  const { result, fake } = await runEngine({
    plugins,
    config: { servers },
    graph: 'app start',
    version: 'v2',
    script: (f) => f.respond((_h, c) => c.includes('name=^app-web-v2$'), { stdout: '0123456789abcdef\n' }),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  for (const host of ['h1', 'h2']) {
    const [start, find, deploy, ...rest] = fake.commandsFor(host);
    assert.is(start, 'docker start app-web-v2');
    assert.is(find, "docker container ls --all --filter 'name=^app-web-v2$' --quiet");
    assert.match(deploy!, /^docker exec kamal-proxy kamal-proxy deploy app-web --target=0123456789ab:80 /);
    assert.equal(rest, []);
  }
  assert.equal(fake.commandsFor('h3'), ['docker start app-job-v2']);
});

test('app start: a container that is not there fails the host, naming it', async () => {
  const { result } = await runEngine({ plugins, config: { servers: ['h1'] }, graph: 'app start', version: 'v9' });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'app-web-v9 did not start on h1: no container to route web to');
});

test('app start and stop without a proxy plugin: only docker start and stop', async () => {
  const start = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app start', version: 'v2' });
  assert.equal(start.fake.commandsFor('h1'), ['docker start app-web-v2']);
  const stop = await runEngine({ plugins: [appPlugin], config: { servers: ['h1'] }, graph: 'app stop', script: running });
  assert.equal(stop.fake.commandsFor('h1').slice(1), ['docker stop app-web-v2']);
});

test('app stop with caddy: the route files of the role go before the stop', async () => {
  const { result, fake } = await runEngine({ plugins, config: { servers: ['h1'], proxy: { driver: 'caddy' } } as Partial<GantryConfig>, graph: 'app stop', script: running });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const commands = fake.commandsFor('h1');
  const drop = commands.findIndex((c) => c.includes('gantry-caddy') && c.includes('app-web'));
  assert.ok(drop > 0 && drop < commands.indexOf('docker stop app-web-v2'), commands.join('\n'));
});

test('app stop then start with traefik: the cords go before the stop, and start ties the cord again before waiting for the route', async () => {
  const config = { servers: ['h1'], proxy: { driver: 'traefik', host: 'app.example.com' } } as Partial<GantryConfig>;
  const stop = await runEngine({ plugins, config, graph: 'app stop', script: running });
  assert.ok(stop.result.ok, stop.result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(stop.fake.commandsFor('h1').slice(1), ['rm -rf .kamal/apps/app/cords/app-web', 'docker stop app-web-v2']);
  const start = await runEngine({
    plugins,
    config,
    graph: 'app start',
    version: 'v2',
    script: (f) => f.respond((_h, c) => c.includes('name=^app-web-v2$'), { stdout: '0123456789abcdef\n' }),
  });
  assert.ok(start.result.ok, start.result.failures.map((f) => f.error?.message).join('\n'));
  const commands = start.fake.commandsFor('h1');
  const tie = commands.findIndex((c) => c.includes('gantry-tie-cord app-web-v2'));
  const wait = commands.findIndex((c) => c.includes('app-web-v2') && c.includes('routed'));
  assert.ok(commands.indexOf('docker start app-web-v2') < tie && tie < wait, commands.join('\n'));
});

test('app remove: the route is removed before the app’s containers stop', async () => {
  const { result, fake } = await runEngine({ plugins, config: { servers }, graph: 'app remove', script: running });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const h1 = fake.commandsFor('h1');
  const drop = h1.indexOf('docker exec kamal-proxy kamal-proxy remove app-web');
  const stop = h1.findIndex((c) => c.includes('xargs -r docker stop'));
  assert.ok(drop > 0 && drop < stop, h1.join('\n'));
  assert.not.ok(fake.commandsFor('h3').some((c) => c.includes('kamal-proxy')), 'the job role has no route');
});

test('remove: the proxy goes once no other app is installed on the host (this app’s own directory does not count)', async () => {
  const { result, fake } = await runEngine({
    plugins,
    config: { servers: { web: ['h1', 'h2'] } },
    graph: 'remove',
    options: { confirmed: true },
    script: (f) => f.respond((_h, c) => c.startsWith('ls -1 .kamal/apps'), (h) => ({ stdout: h === 'h1' ? 'app\n' : 'app\nblog\n' })),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const h1 = fake.commandsFor('h1');
  const routes = h1.indexOf('docker exec kamal-proxy kamal-proxy remove app-web');
  assert.ok(routes >= 0 && routes < h1.indexOf('docker container stop kamal-proxy'));
  assert.ok(h1.includes('rm -rf .kamal/proxy'));
  assert.ok(h1.includes('rm -rf .kamal/apps/app'), 'the app is removed too');
  const h2 = fake.commandsFor('h2');
  assert.not.ok(h2.some((c) => c.includes('docker container stop kamal-proxy') || c.includes('rm -rf .kamal/proxy')), 'blog still uses the proxy on h2');
  assert.ok(h2.includes('docker exec kamal-proxy kamal-proxy remove app-web'));
});

test('proxy reboot needs a yes: refused without -y (naming it), runs with -y, a dry run does not ask', async () => {
  let error: unknown;
  try {
    await runEngine({ plugins, config: { servers: ['h1'] }, graph: 'proxy reboot' });
  } catch (e) {
    error = e;
  }
  assert.instance(error, ConfirmationNeeded);
  assert.match((error as Error).message, /briefly unreachable on each host: pass -y to confirm$/);
  const yes = await runEngine({ plugins, config: { servers: ['h1'] }, graph: 'proxy reboot', options: { confirmed: true } });
  assert.ok(yes.result.ok);
  assert.ok(yes.fake.commandsFor('h1').some((c) => c.startsWith('docker run --name kamal-proxy')));
  const dry = await runEngine({ plugins, config: { servers: ['h1'] }, graph: 'proxy reboot', dryRun: true });
  assert.ok(dry.result.ok);
});

test.run();
