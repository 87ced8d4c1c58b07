import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FakeTransportFactory, RecordedCall } from '../../core/transport/fake.js';
import type { GantryConfig } from '../../schemas/index.js';
import { appPlugin } from '../../plugins/app/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { runEngine } from '../support/engine.js';

const traefik: Partial<GantryConfig> = { servers: ['h1'], proxy: { driver: 'traefik', host: 'app.example.com', app_port: 3000 }, drain_timeout: 12 };

/** web on h1 runs app-web-v1; the new container starts as cid123. */
function oldOnH1(fake: FakeTransportFactory): FakeTransportFactory {
  return fake
    .respond((host, c) => host === 'h1' && c.includes('--latest') && c.includes('role=web'), { stdout: 'app-web-v1\n' })
    .respond('docker run --detach', { stdout: 'cid1234567890abcdef\n' });
}

const deploy = (config: Partial<GantryConfig>, script: (fake: FakeTransportFactory) => void = oldOnH1) =>
  runEngine({ plugins: [appPlugin, proxyPlugin], config, graph: 'deploy', version: 'v2', script });

/** Index in the host's commands of the first one matching; -1 when none. */
const at = (commands: string[], pattern: string | RegExp) => commands.findIndex((c) => (typeof pattern === 'string' ? c.includes(pattern) : pattern.test(c)));

test('deploy: new container labelled with its cord, routed wait, old cord cut, drain wait, old stopped — in that order', async () => {
  const { result, fake } = await deploy(traefik);
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  const h1 = fake.commandsFor('h1');
  const cord = /mkdir -p (\.kamal\/apps\/app\/cords\/app-web\/app-web-v2-[0-9a-f]{12}) && touch \1\/cord/.exec(h1.join('\n'))?.[1];
  assert.ok(cord, 'a cord directory of its own for the new container');
  const run = h1[at(h1, 'docker run --detach')]!;
  assert.match(run, `--volume "$PWD"/${cord}:/tmp/gantry-cord --health-cmd 'test -f /tmp/gantry-cord/cord && (curl -fsS -o /dev/null --max-time 5 http://localhost:3000/up`);
  assert.match(run, "--label 'traefik.http.routers.app-web.rule=Host(`app.example.com`)'");
  assert.match(run, '--label traefik.http.services.app-web.loadbalancer.server.port=3000');
  const order = [
    at(h1, `mkdir -p ${cord}`),
    at(h1, 'docker run --detach'),
    at(h1, /gantry-traefik-routed app-web-v2 app-web 3000 30 0.2 /),
    at(h1, /gantry-cut-cord app-web-v1 .* \.kamal\/apps\/app\/cords$/),
    at(h1, /gantry-traefik-unrouted app-web-v1 app-web 3000 12 0.2 /),
    at(h1, 'docker stop app-web-v1'),
  ];
  assert.ok(order.every((i) => i >= 0), `every step ran: ${order}`);
  assert.equal([...order].sort((a, b) => a - b), order);
  assert.is(at(h1, 'gantry-cut-cord app-web-v2'), -1);
});

test('deploy: a new container that never becomes healthy is cut and stopped; the old keeps serving, its cord intact', async () => {
  const { result, fake } = await deploy(traefik, (f) =>
    oldOnH1(f.respond('gantry-traefik-routed', { code: 1, stdout: 'unhealthy' }).respond('docker logs --tail 50 app-web-v2', { stdout: 'boot failed: no database' })),
  );
  assert.not.ok(result.ok);
  const message = result.failures[0]!.error!.message;
  assert.match(message, 'app-web-v2 on h1 did not become healthy; the old container keeps serving');
  assert.match(message, 'Traefik did not route it within 30s: unhealthy');
  assert.match(message, 'boot failed: no database');
  const h1 = fake.commandsFor('h1');
  assert.is(at(h1, 'gantry-cut-cord app-web-v1'), -1);
  assert.is(at(h1, 'gantry-traefik-unrouted'), -1);
  assert.is(at(h1, 'docker stop app-web-v1'), -1);
  assert.ok(at(h1, 'gantry-cut-cord app-web-v2') > at(h1, 'gantry-traefik-routed'));
  assert.ok(at(h1, 'docker stop app-web-v2') > at(h1, 'gantry-cut-cord app-web-v2'));
});

test('deploy: an old container without a cord (another driver started it) is stopped without a drain wait', async () => {
  const { result, fake } = await deploy(traefik, (f) => oldOnH1(f.respond('gantry-cut-cord', { code: 3, stdout: 'app-web-v1 has no cord under …' })));
  assert.ok(result.ok);
  const h1 = fake.commandsFor('h1');
  assert.is(at(h1, 'gantry-traefik-unrouted'), -1);
  assert.ok(at(h1, 'docker stop app-web-v1') > at(h1, 'gantry-cut-cord app-web-v1'));
});

test('deploy: still routed after the drain timeout — said, and the old container is stopped anyway', async () => {
  const { result, fake } = await deploy(traefik, (f) => oldOnH1(f.respond('gantry-traefik-unrouted', { code: 2, stdout: 'still routed' })));
  assert.ok(result.ok);
  assert.ok(fake.commandsFor('h1').includes('docker stop app-web-v1'));
});

test('deploy: only proxied roles get labels and a cord; per role and destination router names', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin, proxyPlugin],
    config: { servers: { web: ['h1'], api: { hosts: ['h1'], proxy: { host: 'api.example.com' } }, job: ['h2'] }, proxy: { driver: 'traefik', host: 'app.example.com' } },
    graph: 'deploy',
    destination: 'staging',
    script: (f) => f.respond('docker run --detach', { stdout: 'cid1234567890abcdef\n' }),
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  // The job (not proxied) sends its `docker run` with its health wait, in one round trip.
  const runs = fake.calls.filter((c: RecordedCall) => c.command.includes('docker run --detach'));
  const labelsOf = (name: string) => runs.find((c) => c.command.includes(`--name ${name} `))!.command;
  assert.match(labelsOf('app-web-staging-v2'), "'traefik.http.routers.app-web-staging.rule=Host(`app.example.com`)'");
  assert.match(labelsOf('app-api-staging-v2'), "'traefik.http.routers.app-api-staging.rule=Host(`api.example.com`)'");
  assert.match(labelsOf('app-api-staging-v2'), '.kamal/apps/app-staging/cords/app-api-staging/app-api-staging-v2-');
  assert.not.match(labelsOf('app-job-staging-v2'), 'traefik');
  assert.not.match(labelsOf('app-job-staging-v2'), 'gantry-cord');
});

test('deploy: a host and path another app already routes on this Traefik is refused before any container starts', async () => {
  const { result, fake } = await deploy(traefik, (f) => oldOnH1(f.respond('label=gantry.traefik.claims', { stdout: 'blog-web\tapp.example.com/\n' })));
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'h1: app.example.com/ is already routed to blog-web; not routing it to app-web too');
  assert.is(at(fake.commandsFor('h1'), 'docker run --detach'), -1);
});

test('app maintenance: refused, naming the drivers that have it', async () => {
  const { result } = await runEngine({ plugins: [appPlugin, proxyPlugin], config: traefik, graph: 'app maintenance' });
  assert.not.ok(result.ok);
  assert.match(result.failures[0]!.error!.message, 'the traefik proxy driver does not support maintenance mode (use proxy.driver kamal-proxy or caddy)');
});

test('proxy reboot and remove: the traefik container by name and label', async () => {
  const reboot = await runEngine({ plugins: [appPlugin, proxyPlugin], config: traefik, graph: 'proxy reboot', options: { confirmed: true } });
  assert.ok(reboot.result.ok);
  const h1 = reboot.fake.commandsFor('h1');
  assert.equal(h1.slice(0, 2), ['docker container stop gantry-traefik', 'docker container prune --force --filter label=gantry.proxy=traefik']);
  assert.match(h1[3]!, /^docker run --name gantry-traefik .* traefik:v3\.3 --providers\.docker=true /);
  const remove = await runEngine({ plugins: [appPlugin, proxyPlugin], config: traefik, graph: 'remove', options: { confirmed: true } });
  assert.ok(remove.result.ok, remove.result.failures.map((f) => f.error?.message).join('\n'));
  assert.ok(remove.fake.commandsFor('h1').includes('rm -rf .kamal/apps/app/cords/app-web'), 'remove cuts the role’s cords');
});

test.run();
