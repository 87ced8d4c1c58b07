import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { appPlugin } from '../../plugins/app/index.js';
import { getAppHooks } from '../../plugins/app/api.js';
import { runEngine } from '../support/engine.js';

const crashLooping = { code: 1, stdout: 'restarting 2 3\n' };


test('a container that exits during the health wait fails the boot at once (one loop: the health wait reads the state too), with its exit code and last logs', async () => {
  const started = Date.now();
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: { web: { hosts: ['h1'], proxy: false } } },
    graph: 'deploy',
    script: (fake) => {
      fake.respond('--latest', { stdout: 'app-web-v1\n' });
      // The health wait's own loop (after `docker run`, in the same round trip) sees the restart.
      fake.respond('gantry-run-healthy', { code: 3, stdout: 'restarting 2 3\n' }, { delayMs: 50 });
      fake.respond('docker logs', { stdout: 'boot: missing DATABASE_URL\n' });
    },
  });
  assert.ok(Date.now() - started < 2000, 'not after the whole health wait');
  assert.equal(result.exitCode, 1);
  const message = result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message;
  assert.match(message, 'h1: container app-web-v2 exited with code 3, restarting');
  assert.match(message, 'boot: missing DATABASE_URL');
  assert.match(message, 'role web: app-web-v1 keeps running');
  assert.ok(fake.commandsFor('h1').includes('docker stop app-web-v2'));
  assert.not.ok(fake.calls.some((c) => c.command.includes('gantry-watch-exit')), 'one loop, no separate exit watch');
});

test('through the proxy too: the switch is cancelled before it moves traffic', async () => {
  const switches: string[] = [];
  const slowProxy = definePlugin({
    name: 'test-proxy',
    apply(engine) {
      getAppHooks(engine).trafficSwitch.tapPromise('test-proxy', async (env, request) => {
        await env.probe(['proxy-health-wait', request.container]);
        switches.push(request.container);
        return true;
      });
    },
  });
  const { result } = await runEngine({
    plugins: [appPlugin, slowProxy],
    config: { servers: ['h1'], proxy: { host: 'app.test' } },
    graph: 'deploy',
    script: (fake) => {
      fake.respond('--latest', { stdout: 'app-web-v1\n' });
      fake.respond('proxy-health-wait', { code: 0 }, { delayMs: 3000 });
      fake.respond('gantry-watch-exit', crashLooping, { delayMs: 50 });
    },
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.failures.find((f) => f.key === 'app:boot@h1')!.error!.message, 'exited with code 3, restarting');
  assert.equal(switches, [], 'no traffic moved');
});

test.run();
