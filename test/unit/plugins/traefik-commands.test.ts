import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { raw } from '../../../core/transport/quote.js';
import {
  CATCH_ALL_LABELS,
  traefikDetails,
  traefikRemoveContainer,
  traefikRun,
  traefikStart,
  traefikStartOrRun,
  traefikStop,
} from '../../../plugins/proxy/traefik/commands.js';
import { CORD_SOURCE_FORMAT, cordRunArgs, cordsRoot, cutCord, prepareCord } from '../../../plugins/proxy/traefik/cord.js';
import { listClaims, sharedClaims } from '../../../plugins/proxy/traefik/claims.js';
import { ADDRESS_FORMAT, waitRouted, waitUnrouted } from '../../../plugins/proxy/traefik/waits.js';
import { HEALTH_STATUS_FORMAT } from '../../../plugins/docker/api.js';

const STATIC = [
  '--providers.docker=true',
  '--providers.docker.exposedbydefault=false',
  '--providers.docker.network=kamal',
  '--entrypoints.web.address=:80',
  '--entrypoints.websecure.address=:443',
  '--entrypoints.traefik.address=127.0.0.1:8080',
  '--api=true',
  '--api.insecure=true',
  '--api.dashboard=false',
  '--certificatesresolvers.letsencrypt.acme.httpchallenge=true',
  '--certificatesresolvers.letsencrypt.acme.httpchallenge.entrypoint=web',
  '--certificatesresolvers.letsencrypt.acme.storage=/letsencrypt/acme.json',
];

const CATCH_ALL = [
  '--label', 'gantry.proxy=traefik',
  '--label', 'traefik.enable=true',
  '--label', 'traefik.http.routers.gantry-catchall.entrypoints=web',
  '--label', 'traefik.http.routers.gantry-catchall.rule=PathPrefix(`/`)',
  '--label', 'traefik.http.routers.gantry-catchall.priority=1',
  '--label', 'traefik.http.routers.gantry-catchall.service=gantry-unavailable',
  '--label', 'traefik.http.services.gantry-unavailable.loadbalancer.server.port=0',
];

test('proxy boot: the traefik container with the docker provider, both entry points and the catch-all router', () => {
  assert.equal(traefikRun({}), [
    'docker', 'run', '--name', 'gantry-traefik', '--network', 'kamal', '--detach', '--restart', 'unless-stopped', '--init',
    '--volume', '/var/run/docker.sock:/var/run/docker.sock:ro',
    '--volume', 'gantry-traefik-acme:/letsencrypt',
    '--publish', '80:80', '--publish', '443:443',
    '--log-opt', 'max-size=10m',
    ...CATCH_ALL,
    'traefik:v3.3',
    ...STATIC,
  ]);
});

test('proxy boot: image, ports, metrics, debug, docker options and extra static args as configured', () => {
  assert.equal(
    traefikRun({
      image: 'registry.example.com/traefik:v3.4',
      httpPort: 8080,
      httpsPort: 8443,
      bindIps: ['127.0.0.1'],
      metricsPort: 9100,
      debug: true,
      logMaxSize: '',
      options: { memory: '256m' },
      args: { 'accesslog': true, 'certificatesresolvers.letsencrypt.acme.email': 'ops@example.com' },
    }),
    [
      'docker', 'run', '--name', 'gantry-traefik', '--network', 'kamal', '--detach', '--restart', 'unless-stopped', '--init',
      '--volume', '/var/run/docker.sock:/var/run/docker.sock:ro',
      '--volume', 'gantry-traefik-acme:/letsencrypt',
      '--publish', '127.0.0.1:8080:80', '--publish', '127.0.0.1:8443:443',
      ...CATCH_ALL,
      '--expose=9100',
      '--memory', '256m',
      'registry.example.com/traefik:v3.4',
      ...STATIC,
      '--log.level=DEBUG',
      '--metrics.prometheus=true',
      '--metrics.prometheus.entrypoint=metrics',
      '--entrypoints.metrics.address=:9100',
      '--accesslog',
      '--certificatesresolvers.letsencrypt.acme.email=ops@example.com',
    ],
  );
});

test('the catch-all sends what no app router takes to a server-less service, at the lowest priority', () => {
  assert.is(CATCH_ALL_LABELS['traefik.http.routers.gantry-catchall.priority'], '1');
  assert.is(CATCH_ALL_LABELS['traefik.http.services.gantry-unavailable.loadbalancer.server.port'], '0');
});

test('start, stop, start-or-run, remove, details', () => {
  assert.equal(traefikStart(), ['docker', 'container', 'start', 'gantry-traefik']);
  assert.equal(traefikStop(), ['docker', 'container', 'stop', 'gantry-traefik']);
  assert.equal(traefikStartOrRun({}), [...traefikStart(), raw('2> /dev/null'), raw('||'), ...traefikRun({})]);
  assert.equal(traefikRemoveContainer(), ['docker', 'container', 'prune', '--force', '--filter', 'label=gantry.proxy=traefik']);
  assert.equal(traefikDetails(), ['docker', 'ps', '--filter', 'name=^gantry-traefik$']);
});

test('cord: laid before the container starts, mounted, and part of its health check', () => {
  const dir = '/home/deploy/.kamal/apps/app/cords/app-web/app-web-v2-abc';
  assert.is(cordsRoot('.kamal/apps/app'), '.kamal/apps/app/cords');
  assert.equal(prepareCord(dir), ['mkdir', '-p', dir, raw('&&'), 'touch', `${dir}/cord`]);
  assert.equal(cordRunArgs(dir, { appPort: 3000, path: '/up', intervalSeconds: 1, timeoutSeconds: 5 }), [
    '--volume', `${dir}:/tmp/gantry-cord`,
    '--health-cmd',
    'test -f /tmp/gantry-cord/cord && (curl -fsS -o /dev/null --max-time 5 http://localhost:3000/up || wget -q -O /dev/null -T 5 http://localhost:3000/up)',
    '--health-interval', '1s',
    '--health-timeout', '5s',
  ]);
});

test('cord: a relative run directory is anchored on the login directory; a health path with shell syntax is quoted', () => {
  const args = cordRunArgs('.kamal/apps/app/cords/app-web/x', { appPort: 80, path: '/up?a=1&b=2', intervalSeconds: 2, timeoutSeconds: 1 });
  assert.equal(args[1], raw(`"$PWD"/.kamal/apps/app/cords/app-web/x:/tmp/gantry-cord`));
  assert.match(args[3] as string, "curl -fsS -o /dev/null --max-time 1 'http://localhost:80/up?a=1&b=2' ||");
});

test('cord cut: the mount source from docker inspect, removed only under the cords root', () => {
  const cmd = cutCord('app-web-v1', '.kamal/apps/app/cords');
  assert.equal(cmd.slice(0, 2), ['sh', '-c']);
  assert.equal(cmd.slice(3), ['gantry-cut-cord', 'app-web-v1', CORD_SOURCE_FORMAT, '.kamal/apps/app/cords']);
  assert.is(CORD_SOURCE_FORMAT, '{{range .Mounts}}{{if eq .Destination "/tmp/gantry-cord"}}{{.Source}}{{end}}{{end}}');
  const script = cmd[2] as string;
  assert.match(script, 'case $dir in "$root"/*) rm -rf "$dir" ;; *) echo "$1 has no cord under $root"; exit 3 ;; esac');
  assert.match(script, 'case $3 in /*) root=$3 ;; *) root=$PWD/$3 ;; esac');
});

test('waits: routed = healthy in Docker and listed by Traefik’s API; unrouted = no longer listed', () => {
  const opts = { container: 'app-web-v2', service: 'app-web', appPort: 3000, timeoutSeconds: 30, intervalSeconds: 0.2 };
  const routed = waitRouted(opts);
  assert.equal(routed.slice(3), ['gantry-traefik-routed', 'app-web-v2', 'app-web', '3000', '30', '0.2', ADDRESS_FORMAT, HEALTH_STATUS_FORMAT]);
  assert.is(ADDRESS_FORMAT, '{{with index .NetworkSettings.Networks "kamal"}}{{.IPAddress}}{{end}}');
  const script = routed[2] as string;
  assert.match(script, 'docker exec gantry-traefik wget -q -O - "http://127.0.0.1:8080/api/http/services/$2@docker"');
  assert.match(script, 'grep -qF "\\"http://$ip:$3\\""');
  assert.match(script, 'unhealthy|exited|dead) echo "$status"; exit 1 ;;');
  assert.equal(waitUnrouted({ ...opts, container: 'app-web-v1', timeoutSeconds: 12 }).slice(3), ['gantry-traefik-unrouted', 'app-web-v1', 'app-web', '3000', '12', '0.2', ADDRESS_FORMAT]);
  assert.match(waitUnrouted(opts)[2] as string, 'while routed "$@"; do');
});

test('claims: listed from running routed containers; another router with the same host and path is a claimant', () => {
  assert.equal(listClaims(), ['docker', 'ps', '--filter', 'label=gantry.traefik.claims', '--format', '{{.Label "gantry.traefik.router"}}\t{{.Label "gantry.traefik.claims"}}']);
  const listing = 'blog-web\tblog.example.com/\nshop-web\tshop.example.com/,a.example.com/\napp-web\ta.example.com/\n';
  assert.equal(sharedClaims(listing, 'app-web', ['a.example.com/']), [{ router: 'shop-web', claim: 'a.example.com/' }]);
  assert.equal(sharedClaims(listing, 'app-web', ['a.example.com/api']), []);
});

test.run();
