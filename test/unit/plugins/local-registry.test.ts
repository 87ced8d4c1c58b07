import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfigIssue } from '../../../core/config/types.js';
import { localRegistryRules, removeLocalRegistry, startLocalRegistry } from '../../../plugins/registry/local.js';
import { buildxBuild, createLocalBuilder, localBuilderName, removeLocalBuilder } from '../../../plugins/builder/commands.js';
import { devBuildOptions } from '../../../plugins/builder/dev.js';
import type { GantryConfig } from '../../../schemas/index.js';

test('local registry: started if stopped, else run on this machine’s loopback only; removed in two steps', () => {
  assert.equal(startLocalRegistry(5555, 'registry:3'), [
    'docker', 'start', 'kamal-docker-registry', { raw: '||' }, 'docker', 'run', '--detach', '-p', '127.0.0.1:5555:5000', '--name', 'kamal-docker-registry', 'registry:3',
  ]);
  assert.equal(removeLocalRegistry(), ['docker', 'stop', 'kamal-docker-registry', { raw: '&&' }, 'docker', 'rm', 'kamal-docker-registry']);
});

test('local registry rules: local_image needs a localhost registry; a remote builder cannot reach one', () => {
  const issues = (config: Partial<GantryConfig>): ConfigIssue[] => {
    const found: ConfigIssue[] = [];
    localRegistryRules(config as GantryConfig, found);
    return found;
  };
  assert.equal(issues({ registry: { server: 'localhost:5555', local_image: 'registry:2' } }), []);
  assert.equal(issues({ registry: { server: 'ghcr.io', local_image: 'registry:2' } }).map((i) => i.pointer), ['/registry/local_image']);
  assert.equal(issues({ registry: { server: 'localhost:5555' }, builder: { arch: 'amd64', remote: 'ssh://b' } }).map((i) => i.pointer), ['/builder/remote']);
});

test('builder with a local registry: its own name and the host network (as Kamal)', () => {
  assert.is(localBuilderName('docker-container', true), 'kamal-local-registry-docker-container');
  assert.equal(createLocalBuilder('docker-container', true), ['docker', 'buildx', 'create', '--name', 'kamal-local-registry-docker-container', '--driver=docker-container', '--driver-opt', 'network=host']);
  assert.equal(removeLocalBuilder('docker-container', true), ['docker', 'buildx', 'rm', 'kamal-local-registry-docker-container']);
});

test('build dev options: -dirty tags, the local image store unless another output is asked for', () => {
  const base = { service: 'app', repository: 'r/app', version: 'abc', latestTag: 'latest', arches: [], dockerfile: 'Dockerfile', context: '.' };
  const dev = devBuildOptions(base);
  assert.equal([dev.version, dev.latestTag, dev.output], ['abc-dirty', 'latest-dirty', 'docker']);
  assert.is(devBuildOptions({ ...base, output: 'registry' }).output, 'registry');
  assert.equal(buildxBuild({ ...dev, noCache: true }), [
    'docker', 'buildx', 'build', '--output=type=docker', '-t', 'r/app:abc-dirty', '-t', 'r/app:latest-dirty', '--label', 'service=app', '--file', 'Dockerfile', '--no-cache', '.',
  ]);
});

test.run();
