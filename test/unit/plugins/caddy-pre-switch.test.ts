import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Command } from '../../../core/transport/types.js';
import { sharedClaims } from '../../../plugins/proxy/caddy/claims.js';
import { CADDY_STATE_DIR } from '../../../plugins/proxy/caddy/commands.js';
import { caddyPreSwitch, splitPreSwitch } from '../../../plugins/proxy/caddy/pre-switch.js';
import { currentUpstream } from '../../../plugins/proxy/caddy/route-files.js';
import { caddyAppRoutes, type CaddyAppOptions } from '../../../plugins/proxy/caddy/routes.js';

const OPTIONS = { id: 'app-web', upstream: 'c2:80', path: '/up', timeoutSeconds: 30, requestTimeoutSeconds: 5, intervalSeconds: 0.1 };

test('one docker exec: state dir and app id, then the health wait\'s URL, timeout, seconds per request and interval', () => {
  const cmd = caddyPreSwitch(OPTIONS);
  assert.equal(cmd.slice(0, 5), ['docker', 'exec', 'gantry-caddy', 'sh', '-c']);
  assert.equal(cmd.slice(6), ['gantry-caddy-pre-switch', CADDY_STATE_DIR, 'app-web', 'http://c2:80/up', '30', '5', '0.1']);
  assert.equal(caddyPreSwitch({ id: 'app-web', upstream: 'c2:80', path: '/up', timeoutSeconds: 30 }).slice(10), ['30', '5', '0.2']);
});

const route = (options: Partial<CaddyAppOptions>) =>
  caddyAppRoutes({ id: 'app-web', hosts: ['app.test'], pathPrefixes: [], upstream: 'c1:80', healthcheck: { path: '/up', intervalSeconds: 1, timeoutSeconds: 5 }, tls: true, ...options });

// The script run with the local sh on a temporary state dir; `wget` answers the health URL with
// 200 when HEALTHY is set, else with a 503.
function host() {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-pre-switch-'));
  const bin = join(dir, 'bin');
  const state = join(dir, 'state');
  mkdirSync(bin);
  writeFileSync(join(bin, 'wget'), '#!/bin/sh\n[ -n "$HEALTHY" ] && exit 0\necho "wget: server returned error: HTTP/1.1 503 Service Unavailable"; exit 1\n');
  chmodSync(join(bin, 'wget'), 0o755);
  return {
    state,
    store(server: 'http' | 'https', file: string, content: string) {
      mkdirSync(join(state, 'routes', server), { recursive: true });
      writeFileSync(join(state, 'routes', server, file), content);
    },
    run(cmd: Command, env: Record<string, string> = {}) {
      const argv = (cmd as string[]).slice(3).map((word) => (word === CADDY_STATE_DIR ? state : word));
      const result = spawnSync(argv[0]!, argv.slice(1), { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

test('run with sh: the app\'s routes (HTTPS first), every app\'s HTTP routes, then healthy; a file without its last newline stays apart', () => {
  const h = host();
  try {
    const own = route({});
    const blog = route({ id: 'blog-web', upstream: 'b1:80' });
    h.store('https', own.fileName, `${JSON.stringify(own.https)}\n`);
    h.store('http', own.fileName, JSON.stringify(own.http));
    h.store('http', blog.fileName, `${JSON.stringify(blog.http)}\n`);
    const result = h.run(caddyPreSwitch(OPTIONS), { HEALTHY: '1' });
    assert.is(result.code, 0, result.stderr);
    const read = splitPreSwitch(result.stdout);
    assert.ok(read.reachedHealth);
    assert.is(read.health, 'healthy');
    assert.equal(read.appRoutes.split('\n').filter(Boolean), [JSON.stringify(own.https), JSON.stringify(own.http)]);
    assert.is(currentUpstream(read.appRoutes), 'c1:80');
    assert.equal(read.otherRoutes.split('\n'), [`${own.fileName}\t${JSON.stringify(own.http)}`, `${blog.fileName}\t${JSON.stringify(blog.http)}`]);
    assert.equal(sharedClaims(read.otherRoutes, 'app-web', ['app.test/']), [{ id: 'blog-web', claim: 'app.test/' }]);
  } finally {
    h.cleanup();
  }
});

test('run with sh: an unhealthy target exits 2 with what the last request said, after both reads', () => {
  const h = host();
  try {
    const own = route({ tls: false });
    h.store('http', own.fileName, `${JSON.stringify(own.http)}\n`);
    const result = h.run(caddyPreSwitch({ ...OPTIONS, timeoutSeconds: 0 }));
    assert.is(result.code, 2);
    const read = splitPreSwitch(result.stdout);
    assert.is(read.health, 'wget: server returned error: HTTP/1.1 503 Service Unavailable');
    assert.is(currentUpstream(read.appRoutes), 'c1:80');
    assert.ok(read.reachedHealth);
  } finally {
    h.cleanup();
  }
});

test('run with sh: a first deploy (no route stored yet) reads empty sections', () => {
  const h = host();
  try {
    const read = splitPreSwitch(h.run(caddyPreSwitch(OPTIONS), { HEALTHY: '1' }).stdout);
    assert.equal(read, { appRoutes: '', otherRoutes: '', health: 'healthy', reachedHealth: true });
  } finally {
    h.cleanup();
  }
});

test('nothing printed (a dry run, or the command never ran): no sections, no health verdict', () => {
  assert.equal(splitPreSwitch(''), { appRoutes: '', otherRoutes: '', health: '', reachedHealth: false });
  assert.equal(splitPreSwitch('Error response from daemon: No such container: gantry-caddy\n').reachedHealth, false);
});

test.run();
