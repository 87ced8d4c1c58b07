import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import {
  CADDY_STATE_DIR,
  caddyDetails,
  caddyRemove,
  caddyRemoveRoutes,
  caddyRun,
  caddySetRoutes,
  caddyStartOrRun,
  caddyStop,
  caddySwitchRoutes,
  caddyWaitHealthy,
  caddyWriteFrame,
} from '../../../plugins/proxy/caddy/commands.js';
import { caddyAppRoutes, caddyFrame, type CaddyAppOptions } from '../../../plugins/proxy/caddy/routes.js';

const RUN =
  'docker run --name gantry-caddy --network kamal --detach --restart unless-stopped --init' +
  ' --volume gantry-caddy-data:/data --volume gantry-caddy-config:/config' +
  ' --publish 80:80 --publish 443:443 --log-opt max-size=10m' +
  ' $(test -e /proc/sys/net/ipv4/tcp_migrate_req && echo --sysctl=net.ipv4.tcp_migrate_req=1) caddy:2.10-alpine caddy run --resume';

test('boot: one shared container on the kamal network, resuming its last config', () => {
  assert.is(toShell(caddyRun()), RUN);
  assert.is(toShell(caddyStartOrRun()), `docker container start gantry-caddy 2> /dev/null || ${RUN}`);
  assert.is(
    toShell(caddyRun({ image: 'registry:5000/testbed/caddy:latest', httpPort: 8080, publish: true, bindIps: ['10.0.0.1'], options: { memory: '256m' } })),
    'docker run --name gantry-caddy --network kamal --detach --restart unless-stopped --init' +
      ' --volume gantry-caddy-data:/data --volume gantry-caddy-config:/config' +
      ' --publish 10.0.0.1:8080:80 --publish 10.0.0.1:443:443 --log-opt max-size=10m' +
      ' $(test -e /proc/sys/net/ipv4/tcp_migrate_req && echo --sysctl=net.ipv4.tcp_migrate_req=1) --memory 256m registry:5000/testbed/caddy:latest caddy run --resume',
  );
});

test('container lifecycle and inspection', () => {
  assert.equal(caddyStop(), ['docker', 'container', 'stop', 'gantry-caddy']);
  assert.equal(caddyRemove(), ['docker', 'container', 'rm', '--force', 'gantry-caddy']);
  assert.is(toShell(caddyDetails()), "docker ps --filter 'name=^gantry-caddy$'");
});

const web: CaddyAppOptions = {
  id: 'app-web',
  hosts: ['example.com'],
  pathPrefixes: [],
  upstream: 'app-web-2:80',
  healthcheck: { path: '/up', intervalSeconds: 1, timeoutSeconds: 5 },
  tls: true,
};

test('route changes: docker exec of one script, every value a positional parameter', () => {
  const routes = caddyAppRoutes(web);
  const cmd = caddySetRoutes(routes, 'remove');
  assert.equal(cmd.slice(0, 5), ['docker', 'exec', 'gantry-caddy', 'sh', '-c']);
  assert.equal(cmd.slice(6), [
    'gantry-caddy-apply',
    CADDY_STATE_DIR,
    '',
    'app-web',
    '0-9999~app-web.json',
    JSON.stringify(routes.http),
    '0-9999~app-web.json',
    JSON.stringify(routes.https),
    '@gantry:http-routes',
    '@gantry:https-routes',
    'remove',
  ]);
  assert.equal(caddyRemoveRoutes('app-web').slice(6), ['gantry-caddy-apply', CADDY_STATE_DIR, '', 'app-web', '', '', '', '', '@gantry:http-routes', '@gantry:https-routes', 'remove']);
  assert.equal(caddyWriteFrame('{}').slice(6), ['gantry-caddy-apply', CADDY_STATE_DIR, '{}', '', '', '', '', '', '@gantry:http-routes', '@gantry:https-routes', 'keep']);
  assert.equal(caddySetRoutes(caddyAppRoutes({ ...web, tls: false }), 'remove').slice(12, 14), ['', '']);
});

// Runs the apply script with the local sh, in a temporary state dir, against a fake admin API
// (busybox `wget`) that keeps the config POSTed to /load and answers nothing else; it fails when
// FAIL is set (then a fake `caddy validate` says why), and refuses the first REFUSE connections
// like an admin API that is not listening yet.
function host() {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-caddy-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'wget'),
    '#!/bin/sh\nfile=\nfor a; do case $prev in --post-file) file=$a ;; esac; prev=$a; done\n' +
      'case "$*" in *" http://localhost:2019/load") ;; *) exit 1 ;; esac\n' +
      'n=$(cat refused 2> /dev/null || echo 0)\n' +
      'if [ "$n" -lt "${REFUSE:-0}" ]; then echo $((n + 1)) > refused; echo "wget: can\'t connect to remote host (127.0.0.1): Connection refused"; exit 1; fi\n' +
      'cp "$file" loaded.json\nif [ -n "$FAIL" ]; then echo "wget: server returned error: HTTP/1.1 400 Bad Request"; exit 1; fi\n',
  );
  writeFileSync(join(bin, 'caddy'), '#!/bin/sh\n[ "$1 $2" = "validate --config" ] || exit 9\necho "Error: loading http app module: bad route"; exit 1\n');
  chmodSync(join(bin, 'wget'), 0o755);
  chmodSync(join(bin, 'caddy'), 0o755);
  const state = join(dir, 'state');
  return {
    state,
    run(cmd: Command, env: Record<string, string> = {}, input?: string) {
      // Drops `docker exec [-i] gantry-caddy`: the script runs here, on the temporary state dir.
      const inContainer = (cmd as string[]).slice(cmd.indexOf('gantry-caddy') + 1);
      const argv = inContainer.map((word) => (word === CADDY_STATE_DIR ? state : word));
      const result = spawnSync(argv[0]!, argv.slice(1), { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env }, encoding: 'utf8', ...(input === undefined ? {} : { input }) });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    loaded() {
      return JSON.parse(readFileSync(join(state, 'loaded.json'), 'utf8')) as LoadedConfig;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface LoadedConfig {
  apps: { http: { servers: Record<'gantry_http' | 'gantry_https', { routes: { '@id'?: string }[] }> } };
}

const ids = (config: LoadedConfig, server: 'gantry_http' | 'gantry_https') => config.apps.http.servers[server].routes.map((route) => route['@id'] ?? 'fallback');

test('apply: routes of several apps assembled in priority order into valid JSON', () => {
  const h = host();
  try {
    const early = h.run(caddySetRoutes(caddyAppRoutes(web), 'remove'));
    assert.is(early.code, 1);
    assert.match(early.stderr, /no frame\.json .*boot the proxy with Gantry first/);
    assert.is(h.run(caddyWriteFrame(caddyFrame())).code, 0);
    assert.equal(ids(h.loaded(), 'gantry_http'), ['fallback']);
    assert.is(h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'blog-web', hosts: [], tls: false }), 'remove')).code, 0);
    assert.is(h.run(caddySetRoutes(caddyAppRoutes(web), 'remove')).code, 0);
    assert.is(h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'app-api', pathPrefixes: ['/api'] }), 'remove')).code, 0);
    assert.equal(ids(h.loaded(), 'gantry_http'), ['app-api.http', 'app-web.http', 'blog-web', 'fallback']);
    assert.equal(ids(h.loaded(), 'gantry_https'), ['app-api', 'app-web', 'fallback']);
  } finally {
    h.cleanup();
  }
});

test('apply: replacing an app touches only its own routes; removing drops them', () => {
  const h = host();
  try {
    h.run(caddyWriteFrame(caddyFrame()));
    h.run(caddySetRoutes(caddyAppRoutes(web), 'remove'));
    h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'app-web-staging', hosts: ['staging.example.com'] }), 'remove'));
    assert.is(h.run(caddySetRoutes(caddyAppRoutes({ ...web, tls: false, upstream: 'app-web-3:80', previousUpstream: 'app-web-2:80' }), 'remove')).code, 0);
    assert.equal(ids(h.loaded(), 'gantry_http'), ['app-web-staging.http', 'app-web', 'fallback']);
    assert.equal(ids(h.loaded(), 'gantry_https'), ['app-web-staging', 'fallback']);
    assert.is(h.run(caddyRemoveRoutes('app-web-staging')).code, 0);
    assert.equal(ids(h.loaded(), 'gantry_http'), ['app-web', 'fallback']);
    assert.equal(readdirSync(join(h.state, 'routes', 'https')), []);
  } finally {
    h.cleanup();
  }
});

test('apply: a config Caddy rejects is rolled back', () => {
  const h = host();
  try {
    h.run(caddyWriteFrame(caddyFrame()));
    h.run(caddySetRoutes(caddyAppRoutes(web), 'remove'));
    const before = readdirSync(join(h.state, 'routes', 'http'));
    const refused = h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'bad-web', hosts: ['bad.example.com'] }), 'remove'), { FAIL: '1' });
    assert.is(refused.code, 1);
    assert.match(refused.stderr, 'HTTP/1.1 400 Bad Request');
    assert.match(refused.stderr, 'Error: loading http app module: bad route', 'caddy validate says why');
    assert.equal(readdirSync(join(h.state, 'routes', 'http')), before);
    assert.is(h.run(caddyWriteFrame('{"broken"'), { FAIL: '1' }).code, 1);
    assert.is(readFileSync(join(h.state, 'frame.json'), 'utf8'), `${caddyFrame()}\n`);
  } finally {
    h.cleanup();
  }
});

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

test('custom certificate: read from stdin (never an argument), stored 0600 per app, kept, removed', () => {
  const command = caddySetRoutes(caddyAppRoutes(web), 'write');
  assert.equal(command.slice(0, 6), ['docker', 'exec', '-i', 'gantry-caddy', 'sh', '-c']);
  assert.is(command.at(-1), 'write');
  const h = host();
  try {
    const certificates = join(h.state, 'certs');
    h.run(caddyWriteFrame(caddyFrame({ certificatesFolder: certificates })));
    assert.equal((h.loaded() as unknown as { apps: { tls: unknown } }).apps.tls, { certificates: { load_folders: [certificates] } });
    assert.is(h.run(command, {}, CERT + KEY).code, 0);
    const file = join(certificates, 'app-web.pem');
    assert.is(readFileSync(file, 'utf8'), CERT + KEY);
    assert.is(statSync(file).mode & 0o777, 0o600);
    // Maintenance and live keep it; a deploy without one, or the route's removal, removes it.
    assert.is(h.run(caddySetRoutes(caddyAppRoutes(web), 'keep')).code, 0);
    assert.ok(existsSync(file));
    assert.is(h.run(caddySetRoutes(caddyAppRoutes(web), 'remove')).code, 0);
    assert.not.ok(existsSync(file));
    h.run(command, {}, CERT + KEY);
    assert.is(h.run(caddyRemoveRoutes('app-web')).code, 0);
    assert.equal(readdirSync(certificates), []);
  } finally {
    h.cleanup();
  }
});

test('custom certificate: a certificate Caddy refuses is taken back with the routes', () => {
  const h = host();
  try {
    h.run(caddyWriteFrame(caddyFrame({ certificatesFolder: join(h.state, 'certs') })));
    h.run(caddySetRoutes(caddyAppRoutes(web), 'remove'));
    assert.is(h.run(caddySetRoutes(caddyAppRoutes({ ...web, upstream: 'app-web-3:80' }), 'write'), { FAIL: '1' }, 'not a pem').code, 1);
    assert.equal(readdirSync(join(h.state, 'certs')), []);
    assert.match(readFileSync(join(h.state, 'routes', 'https', '0-9999~app-web.json'), 'utf8'), web.upstream);
  } finally {
    h.cleanup();
  }
});

test('custom certificate on a proxy whose frame has no certificate folder: refused, naming proxy reboot', () => {
  const h = host();
  try {
    h.run(caddyWriteFrame(caddyFrame()));
    const result = h.run(caddySetRoutes(caddyAppRoutes(web), 'write'), {}, CERT + KEY);
    assert.is(result.code, 1);
    assert.match(result.stderr, 'run gantry proxy reboot');
    assert.equal(readdirSync(join(h.state, 'certs')), []);
    assert.equal(readdirSync(join(h.state, 'routes', 'https')), []);
  } finally {
    h.cleanup();
  }
});

test('apply: waits for an admin API that is still starting', () => {
  const h = host();
  try {
    assert.is(h.run(caddyWriteFrame(caddyFrame()), { REFUSE: '3' }).code, 0);
    assert.equal(ids(h.loaded(), 'gantry_https'), ['fallback']);
  } finally {
    h.cleanup();
  }
});

// With a real caddy on PATH, the assembled config must pass its own validation.
const realCaddy = spawnSync('caddy', ['version'], { encoding: 'utf8' });
if (realCaddy.status === 0) {
  test(`apply: the assembled config is valid for caddy ${realCaddy.stdout.trim()}`, () => {
    const h = host();
    try {
      h.run(caddyWriteFrame(caddyFrame()));
      h.run(caddySetRoutes(caddyAppRoutes({ ...web, pathPrefixes: ['/api'], forwardHeaders: true, responseTimeoutSeconds: 30, previousUpstream: 'app-web-1:80' }), 'remove'));
      h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'blog-web', hosts: ['blog.example.com'], tlsRedirect: false }), 'remove'));
      h.run(caddySetRoutes(caddyAppRoutes({ ...web, id: 'other-web', hosts: [], tls: false }), 'remove'));
      const env = { ...process.env, HOME: h.state, XDG_DATA_HOME: join(h.state, 'data'), XDG_CONFIG_HOME: join(h.state, 'config') };
      const result = spawnSync('caddy', ['validate', '--config', join(h.state, 'loaded.json')], { env, encoding: 'utf8' });
      assert.is(result.status, 0, result.stderr);
    } finally {
      h.cleanup();
    }
  });
}

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
if (realCaddy.status === 0 && openssl.status === 0) {
  test('custom certificate: caddy loads the stored bundle from the frame\'s folder', () => {
    const h = host();
    try {
      const made = join(h.state, '..');
      const subject = ['-subj', '/CN=example.com', '-addext', 'subjectAltName=DNS:example.com'];
      const key = join(made, 'key.pem');
      const cert = join(made, 'cert.pem');
      const generated = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-keyout', key, '-out', cert, ...subject], { encoding: 'utf8' });
      assert.is(generated.status, 0, generated.stderr);
      h.run(caddyWriteFrame(caddyFrame({ certificatesFolder: join(h.state, 'certs') })));
      assert.is(h.run(caddySetRoutes(caddyAppRoutes(web), 'write'), {}, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8')).code, 0);
      const env = { ...process.env, HOME: h.state, XDG_DATA_HOME: join(h.state, 'data'), XDG_CONFIG_HOME: join(h.state, 'config') };
      const valid = spawnSync('caddy', ['validate', '--config', join(h.state, 'loaded.json')], { env, encoding: 'utf8' });
      assert.is(valid.status, 0, valid.stderr);
      // A bundle without its key is what caddy refuses (so the apply script would take it back).
      writeFileSync(join(h.state, 'certs', 'app-web.pem'), readFileSync(cert, 'utf8'));
      const broken = spawnSync('caddy', ['validate', '--config', join(h.state, 'loaded.json')], { env, encoding: 'utf8' });
      assert.is.not(broken.status, 0);
      assert.match(broken.stderr, 'no private key block found');
    } finally {
      h.cleanup();
    }
  });
}

test('the health wait runs inside the proxy container', () => {
  const health = caddyWaitHealthy({ upstream: 'app-web-2:80', path: '/up', timeoutSeconds: 30 });
  assert.equal(health.slice(0, 5), ['docker', 'exec', 'gantry-caddy', 'sh', '-c']);
  assert.equal(health.slice(6), ['gantry-caddy-health', 'http://app-web-2:80/up', '30', '5', '0.2']);
  assert.ok(existsSync('/bin/sh'));
});

test('switch: the route change, then the drain wait on the old upstream, in one docker exec', () => {
  const routes = caddyAppRoutes({ ...web, previousUpstream: 'app-web-1:80' });
  const cmd = caddySwitchRoutes(routes, 'remove', { upstream: 'app-web-1:80', timeoutSeconds: 30, intervalSeconds: 0.1 });
  assert.equal(cmd.slice(0, 5), ['docker', 'exec', 'gantry-caddy', 'sh', '-c']);
  assert.is(cmd[6], 'gantry-caddy-switch');
  // The apply and drain scripts, then the drain's parameters, then exactly caddySetRoutes' own.
  assert.equal(cmd.slice(9, 12), ['app-web-1:80', '30', '0.1']);
  assert.equal(cmd.slice(12), caddySetRoutes(routes, 'remove').slice(7));
  assert.equal(caddySwitchRoutes(routes, 'write', { upstream: 'app-web-1:80', timeoutSeconds: 30 }).slice(0, 4), ['docker', 'exec', '-i', 'gantry-caddy']);
});

test('switch: applied, then drained (no admin API here, so nothing in flight); a refused change exits 1 before any drain', () => {
  const h = host();
  try {
    h.run(caddyWriteFrame(caddyFrame()));
    const drain = { upstream: 'app-web-1:80', timeoutSeconds: 5, intervalSeconds: 0.1 };
    const switched = h.run(caddySwitchRoutes(caddyAppRoutes({ ...web, previousUpstream: 'app-web-1:80' }), 'remove', drain));
    assert.is(switched.code, 0, switched.stderr);
    assert.is(switched.stdout.trim(), 'drained');
    assert.equal(ids(h.loaded(), 'gantry_https'), ['app-web', 'fallback']);
    const refused = h.run(caddySwitchRoutes(caddyAppRoutes({ ...web, upstream: 'app-web-3:80' }), 'remove', drain), { FAIL: '1' });
    assert.is(refused.code, 1);
    assert.not.match(refused.stdout, 'drained');
  } finally {
    h.cleanup();
  }
});

test.run();
