import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { raw, toShell } from '../../../core/transport/quote.js';
import {
  buildxVersion,
  containerIdByName,
  containerStateByName,
  containerLogs,
  dockerArchitecture,
  ensureNetwork,
  imageServiceLabel,
  pullImageWithLabel,
  labelArgs,
  listContainers,
  optionArgs,
  pullImage,
  renameContainer,
  tagImage,
  volumeArgs,
} from '../../../plugins/docker/commands.js';

test('probes', () => {
  assert.equal(buildxVersion(), ['docker', 'buildx', 'version']);
  assert.equal(dockerArchitecture(), ['docker', 'info', '--format', '{{.Architecture}}']);
});

test('network: inspect, else create, else a concurrent creation counts', () => {
  assert.is(
    toShell(ensureNetwork()),
    'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal || docker network inspect kamal > /dev/null 2>&1',
  );
});

test('images', () => {
  assert.equal(pullImage('dhh/app:999'), ['docker', 'pull', 'dhh/app:999']);
  assert.equal(tagImage('dhh/app:999', 'dhh/app:latest'), ['docker', 'tag', 'dhh/app:999', 'dhh/app:latest']);
  assert.is(toShell(imageServiceLabel('dhh/app:999')), "docker image inspect -f '{{ .Config.Labels.service }}' dhh/app:999");
  assert.is(toShell(pullImageWithLabel('dhh/app:999')), "docker pull dhh/app:999 >&2 && docker image inspect -f '{{ .Config.Labels.service }}' dhh/app:999");
});

test('containers', () => {
  assert.equal(renameContainer('app-web-1', 'app-web-1_replaced_ab'), ['docker', 'rename', 'app-web-1', 'app-web-1_replaced_ab']);
  assert.is(toShell(containerIdByName('app-web-999')), "docker container ls --all --filter 'name=^app-web-999$' --quiet");
  assert.equal(containerStateByName('app-web-999'), ['docker', 'container', 'ls', '--all', '--filter', 'name=^app-web-999$', '--format', '{{.ID}} {{.State}}']);
});

test('logs fold stderr in', () => {
  assert.is(toShell(containerLogs('app-web-1')), 'docker logs app-web-1 2>&1');
  assert.is(toShell(containerLogs('app-web-1', { lines: 50, since: '5m', timestamps: true })), 'docker logs --timestamps --since 5m --tail 50 app-web-1 2>&1');
});

test('container listing', () => {
  assert.equal(listContainers(), ['docker', 'ps']);
  assert.is(
    toShell(listContainers({ all: true, latest: true, quiet: true, filters: ['label=service=app', 'status=running'], format: '{{.Names}}' })),
    "docker ps --all --latest --quiet --filter label=service=app --filter status=running --format '{{.Names}}'",
  );
});

test('labels and options stay one word per value', () => {
  assert.equal(labelArgs({ 'com.example': 'a b', quote: "it's" }), ['--label', 'com.example=a b', '--label', "quote=it's"]);
  assert.equal(optionArgs({ 'cap-add': true, init: false, mount: 'type=bind,src=/a b', 'add-host': ['a:1', 'b:2'], cpus: 2 }), [
    '--cap-add',
    '--init=false',
    '--mount',
    'type=bind,src=/a b',
    '--add-host',
    'a:1',
    '--add-host',
    'b:2',
    '--cpus',
    '2',
  ]);
});

test('volumes: absolute paths as is, relative ones anchored on the remote $PWD in one word', () => {
  assert.equal(volumeArgs('/data', '/rails/storage'), ['--volume', '/data:/rails/storage']);
  assert.equal(volumeArgs('.kamal/apps/app/assets/volumes/web-1', '/public', 'ro'), [
    '--volume',
    raw('"$PWD"/.kamal/apps/app/assets/volumes/web-1:/public:ro'),
  ]);
  assert.equal(volumeArgs("odd dir/it's", '/x'), ['--volume', raw(`"$PWD"/'odd dir/it'\\''s:/x'`)]);
});

test.run();
