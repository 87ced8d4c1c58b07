import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GantryError } from '../../core/errors.js';
import { definePlugin } from '../../core/plugin.js';
import { appPlugin } from '../../plugins/app/index.js';
import { getAppHooks, type TrafficSwitchRequest } from '../../plugins/app/api.js';
import { runEngine } from '../support/engine.js';

/** A stand-in proxy plugin offering the switch; `fail` makes the new target never healthy. */
function fakeProxy(requests: TrafficSwitchRequest[], fail = false) {
  return definePlugin({
    name: 'fake-proxy',
    apply(engine) {
      getAppHooks(engine).trafficSwitch.tapPromise('fake-proxy', async (env, request) => {
        requests.push(request);
        if (fail) throw new GantryError(`${env.host!.name}: target ${request.container} never became healthy`);
        return true;
      });
    },
  });
}

const script = (fake: Parameters<NonNullable<Parameters<typeof runEngine>[0]['script']>>[0]) => {
  fake.respond((_h, c) => c.includes('--latest') && c.includes('role=web'), { stdout: 'app-web-v1\n' });
  fake.respond('gantry-run-healthy', { stdout: 'healthy' });
  fake.respond('docker run', { stdout: 'cid123\n' });
};

test('proxied roles switch through the proxy service; the others use docker health', async () => {
  const requests: TrafficSwitchRequest[] = [];
  const { result, fake } = await runEngine({
    plugins: [appPlugin, fakeProxy(requests)],
    config: { servers: { web: ['h1'], job: ['h2'] } },
    graph: 'deploy',
    version: 'v2',
    script,
  });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  // The primary role's request carries the barrier's opener (called by drivers once it is healthy).
  assert.equal(requests.map(({ onHealthy, ...request }) => ({ ...request, opens: typeof onHealthy })), [
    { role: 'web', container: 'app-web-v2', containerId: 'cid123', oldContainer: 'app-web-v1', opens: 'function' },
  ]);
  assert.not.ok(fake.commandsFor('h1').some((c) => c.includes('gantry-wait-healthy')));
  assert.ok(fake.commandsFor('h1').includes('docker stop app-web-v1'), 'proxied: Docker’s default stop timeout');
  assert.ok(fake.commandsFor('h2').some((c) => c.includes('gantry-run-healthy')), 'docker run and the health wait in one round trip');
});

test('a failed switch stops the new container and keeps the old one', async () => {
  const requests: TrafficSwitchRequest[] = [];
  const { result, fake } = await runEngine({
    plugins: [appPlugin, fakeProxy(requests, true)],
    config: { servers: ['h1'] },
    graph: 'deploy',
    version: 'v2',
    script,
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.failures[0]!.error!.message, 'h1: target app-web-v2 never became healthy');
  assert.ok(fake.commandsFor('h1').includes('docker stop app-web-v2'));
  assert.not.ok(fake.commandsFor('h1').includes('docker stop app-web-v1'));
});

test.run();
