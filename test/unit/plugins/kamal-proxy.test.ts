import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import {
  proxyDeploy,
  proxyDetails,
  proxyImage,
  proxyRemove,
  proxyRemoveContainer,
  proxyRemoveImage,
  proxyResume,
  proxyRun,
  proxyStart,
  proxyStartOrRun,
  proxyStop,
  proxyStopService,
} from '../../../plugins/proxy/kamal-proxy/commands.js';

const DEFAULT_RUN =
  'docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --init' +
  ' --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy' +
  ' --volume "$PWD"/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config' +
  ' --publish 80:80 --publish 443:443 --log-opt max-size=10m basecamp/kamal-proxy:v0.9.2 kamal-proxy run';

test('boot with the defaults', () => {
  assert.is(toShell(proxyRun({ runDir: '.kamal' })), DEFAULT_RUN);
  assert.is(toShell(proxyStartOrRun({ runDir: '.kamal' })), `docker container start kamal-proxy 2> /dev/null || ${DEFAULT_RUN}`);
});

test('boot with every run option', () => {
  assert.is(
    toShell(
      proxyRun({
        runDir: '/var/lib/deploy',
        httpPort: 8080,
        httpsPort: 8443,
        bindIps: ['10.0.0.1', '::1'],
        registry: 'registry.example.com',
        repository: 'me/kamal-proxy',
        version: 'v0.9.3',
        metricsPort: 9100,
        debug: true,
        logMaxSize: '50m',
        options: { memory: '512m', 'cap-add': 'NET_ADMIN' },
      }),
    ),
    'docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --init' +
      ' --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy' +
      ' --volume /var/lib/deploy/proxy/apps-config:/home/kamal-proxy/.apps-config' +
      " --publish 10.0.0.1:8080:80 --publish 10.0.0.1:8443:443 --publish '[::1]:8080:80' --publish '[::1]:8443:443'" +
      ' --log-opt max-size=50m --expose=9100 --memory 512m --cap-add NET_ADMIN' +
      ' registry.example.com/me/kamal-proxy:v0.9.3 kamal-proxy run --debug --metrics-port 9100',
  );
});

test('boot without publishing or log limit', () => {
  const cmd = toShell(proxyRun({ runDir: '.kamal', publish: false, logMaxSize: '' }));
  assert.not.ok(cmd.includes('--publish'));
  assert.not.ok(cmd.includes('--log-opt'));
});

test('deploy with the defaults', () => {
  assert.is(
    toShell(proxyDeploy({ service: 'app-web', target: '172.1.0.2', appPort: 80 })),
    'docker exec kamal-proxy kamal-proxy deploy app-web --target=172.1.0.2:80 --deploy-timeout=30s --drain-timeout=30s' +
      ' --buffer-requests --buffer-responses' +
      ' --log-request-header=Cache-Control --log-request-header=Last-Modified --log-request-header=User-Agent',
  );
});

test('deploy with every option, in Kamal order', () => {
  assert.is(
    toShell(
      proxyDeploy({
        service: 'app-web-staging',
        target: '0123456789ab',
        appPort: 3000,
        hosts: ['example.com', 'www.example.com'],
        tls: true,
        tlsCertificatePath: '/home/kamal-proxy/.apps-config/app-staging/tls/web/cert.pem',
        tlsPrivateKeyPath: '/home/kamal-proxy/.apps-config/app-staging/tls/web/key.pem',
        deployTimeout: 60,
        drainTimeout: 10,
        healthcheck: { intervalSeconds: 2, timeoutSeconds: 3, path: '/health' },
        responseTimeoutSeconds: 45,
        buffering: { requests: false, responses: true, memory: 1000, maxRequestBody: 2000, maxResponseBody: 3000 },
        pathPrefixes: ['/api', '/admin'],
        stripPathPrefix: false,
        forwardHeaders: true,
        tlsRedirect: false,
        logRequestHeaders: ['X-Request-Id'],
        logResponseHeaders: ['X-Runtime'],
        errorPages: '/home/kamal-proxy/.apps-config/app-staging/error_pages/abc',
      }),
    ),
    'docker exec kamal-proxy kamal-proxy deploy app-web-staging --target=0123456789ab:3000 --host=example.com --host=www.example.com --tls' +
      ' --tls-certificate-path=/home/kamal-proxy/.apps-config/app-staging/tls/web/cert.pem' +
      ' --tls-private-key-path=/home/kamal-proxy/.apps-config/app-staging/tls/web/key.pem' +
      ' --deploy-timeout=60s --drain-timeout=10s --health-check-interval=2s --health-check-timeout=3s --health-check-path=/health' +
      ' --target-timeout=45s --buffer-requests=false --buffer-responses --buffer-memory=1000 --max-request-body=2000 --max-response-body=3000' +
      ' --path-prefix=/api --path-prefix=/admin --strip-path-prefix=false --forward-headers --tls-redirect=false' +
      ' --log-request-header=X-Request-Id --log-response-header=X-Runtime' +
      ' --error-pages=/home/kamal-proxy/.apps-config/app-staging/error_pages/abc',
  );
});

test('tls false adds no flag; a host with shell syntax stays one word', () => {
  const cmd = proxyDeploy({ service: 'app-web', target: 'c', appPort: 80, tls: false, hosts: ['a.com; reboot'] });
  assert.not.ok(cmd.includes('--tls'));
  assert.ok(cmd.includes('--host=a.com; reboot'));
});

test('remove, maintenance, live', () => {
  assert.equal(proxyRemove('app-web'), ['docker', 'exec', 'kamal-proxy', 'kamal-proxy', 'remove', 'app-web']);
  assert.equal(proxyStopService('app-web'), ['docker', 'exec', 'kamal-proxy', 'kamal-proxy', 'stop', 'app-web']);
  assert.equal(proxyStopService('app-web', { drainTimeout: 10, message: 'Back at 5 o’clock' }), [
    'docker', 'exec', 'kamal-proxy', 'kamal-proxy', 'stop', 'app-web', '--drain-timeout=10s', '--message=Back at 5 o’clock',
  ]);
  assert.equal(proxyResume('app-web'), ['docker', 'exec', 'kamal-proxy', 'kamal-proxy', 'resume', 'app-web']);
});

test('container lifecycle and details', () => {
  assert.equal(proxyStart(), ['docker', 'container', 'start', 'kamal-proxy']);
  assert.equal(proxyStop(), ['docker', 'container', 'stop', 'kamal-proxy']);
  assert.is(toShell(proxyDetails()), "docker ps --filter 'name=^kamal-proxy$'");
  assert.is(toShell(proxyRemoveContainer()), 'docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy');
  assert.is(toShell(proxyRemoveImage()), 'docker image prune --all --force --filter label=org.opencontainers.image.title=kamal-proxy');
});

test('image: the pinned kamal-proxy version', () => {
  assert.is(proxyImage({}), 'basecamp/kamal-proxy:v0.9.2');
});

test.run();
