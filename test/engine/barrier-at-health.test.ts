/**
 * Behind a proxy whose health check comes before its route swap (Caddy, Traefik), the primary
 * role opens the barrier once its new container is healthy: the other roles start then, while
 * the primary's route swap and the old container's drain are still going on.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FakeTransportFactory } from '../../core/transport/fake.js';
import type { GantryConfig } from '../../schemas/index.js';
import { appPlugin } from '../../plugins/app/index.js';
import { proxyPlugin } from '../../plugins/proxy/index.js';
import { runEngine } from '../support/engine.js';

const config: Partial<GantryConfig> = { servers: { web: ['h1'], job: { hosts: ['h2'], cmd: 'bin/jobs' } } };

/** caddyPreSwitch's output: no routes yet, none of other apps, then the health verdict. */
const preSwitch = (health: string) => `\n@gantry:app-routes\n\n@gantry:http-routes\n\n@gantry:health\n${health}\n`;

type Mark = (event: string) => void;

/**
 * A deploy behind `proxy`, the job's `docker run` and health wait answered at once; `script`
 * answers the web's proxy steps and marks them. Returns the marks in the order they happened.
 */
async function deploy(proxy: GantryConfig['proxy'], script: (f: FakeTransportFactory, mark: Mark) => void) {
  const events: string[] = [];
  const mark: Mark = (event) => events.push(event);
  const { result } = await runEngine({
    plugins: [appPlugin, proxyPlugin],
    config: { ...config, proxy },
    graph: 'deploy',
    version: 'v2',
    script: (f) => {
      f.respond('gantry-run-healthy', () => (mark('job started'), { stdout: 'healthy' }));
      script(f, mark);
      f.respond('docker run --detach', { stdout: 'cid1234567890abcdef\n' });
    },
  });
  return { result, events };
}

/** Caddy: the health verdict in the pre-switch read, then a slow route change (a drain, a slow reload). */
const caddy = (health: { code: number; verdict: string }) =>
  deploy({ driver: 'caddy', host: 'app.example.com' }, (f, mark) =>
    f
      .respond('gantry-caddy-pre-switch', () => (mark('web healthy'), { code: health.code, stdout: preSwitch(health.verdict) }))
      .respond('gantry-caddy-apply', () => (mark('web switched'), {}), { delayMs: 200 }),
  );

test('the job starts once the web container is healthy, before the web route swap has finished', async () => {
  const { result, events } = await caddy({ code: 0, verdict: 'healthy' });
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(events, ['web healthy', 'job started', 'web switched']);
});

test('an unhealthy web container keeps the barrier closed: the job never starts', async () => {
  const { result, events } = await caddy({ code: 2, verdict: 'wget: server returned error: HTTP/1.1 500' });
  assert.not.ok(result.ok);
  assert.equal(events, ['web healthy']);
  assert.match(result.failures.map((f) => f.error?.message).join('\n'), 'did not become healthy');
});

test('traefik: the job starts once the web container is routed, while the old one still drains', async () => {
  const { result, events } = await deploy({ driver: 'traefik', host: 'app.example.com' }, (f, mark) =>
    f
      .respond((_h, c) => c.includes('--latest') && c.includes('role=web'), { stdout: 'app-web-v1\n' })
      .respond('gantry-traefik-routed', () => (mark('web healthy'), {}))
      .respond('gantry-traefik-unrouted', () => (mark('web switched'), {}), { delayMs: 200 }),
  );
  assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
  assert.equal(events, ['web healthy', 'job started', 'web switched']);
});

test.run();
