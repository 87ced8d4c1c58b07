/**
 * Kamal 2's default registry, `localhost:5555`, on real hosts: gantry runs on the builder node
 * (dev's network namespace, where dev's dockerd publishes the registry on its loopback), starts
 * the registry container there, pushes to it, and every host pulls `localhost:5555/...` through a
 * reverse port forward over its own SSH connection, closed once it pulled. Then `build deliver`
 * builds, pushes and pulls a new commit without booting it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun, run } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const hosts = tb.hosts.slice(0, 3);
const REGISTRY = 'localhost:5555';
/** gantry as if it ran on dev, the machine that builds. */
const onDev = { env: gantryEnv(tb), netns: tb.dev.netns };
let project: Project;

const config = () => ({ ...appConfig(tb, { service: 'lrapp' }), registry: { server: REGISTRY, local_image: tb.images.registry } });
const gantryOnDev = (args: string[]) => gantry(args, { cwd: project.dir, ...onDev });
const devDocker = (...args: string[]) => run('docker', ['-H', tb.dev.dockerHost, ...args]);

/** Whether anything listens on the host's 127.0.0.1:5555 (a forward left open). */
async function listening(host: string): Promise<boolean> {
  const table = await sshOut(tb, host, 'cat /proc/net/tcp');
  // local_address 0100007F:15B3 (127.0.0.1:5555), state 0A (LISTEN)
  return table.split('\n').some((line) => / 0100007F:15B3 00000000:0000 0A /.test(line));
}

test.before(async () => {
  project = await writeProject({ config: config(), fixture: 'app', git: true });
});

test.after(async () => {
  try {
    await gantryOnDev(['remove', '-y']);
    const removed = await gantryOnDev(['registry', 'remove']);
    if (removed.code !== 0) console.error(`registry remove failed: ${describeRun(removed)}`);
  } finally {
    await project.remove();
  }
});

test('deploy with registry.server localhost:5555: built, pushed to the local registry, pulled through each host’s forward', async () => {
  const sha = project.git('rev-parse', 'HEAD').trim();
  const r = await gantryOnDev(['deploy']);
  assert.is(r.code, 0, describeRun(r));
  const registry = await devDocker('ps', '--filter', 'name=^kamal-docker-registry$', '--format', '{{.Image}} {{.Ports}}');
  assert.match(registry.stdout, `${tb.images.registry} 127.0.0.1:5555->5000/tcp`);
  const tags = await devDocker('exec', 'kamal-docker-registry', 'wget', '-qO-', 'http://127.0.0.1:5000/v2/e2e/lrapp/tags/list');
  assert.match(tags.stdout, sha, 'pushed to the local registry');
  for (const host of hosts) {
    const image = `${REGISTRY}/e2e/lrapp:${sha}`;
    assert.is(await sshOut(tb, host.name, `docker image inspect -f '{{ .Config.Labels.service }}' ${image}`), 'lrapp', `${host.name} pulled ${image}`);
    assert.not.ok(await listening(host.name), `${host.name}: the forward is closed after the pull`);
  }
  assert.is(await sshOut(tb, hosts[0]!.name, `docker exec lrapp-web-${sha} cat /www/version`), 'fixture-v1');
  // Nothing was ever logged in to: a localhost registry needs no login.
  assert.not.match(r.stdout + r.stderr, /docker login/);
});

test('build deliver: a new commit is built, pushed and pulled on every host, and not booted', async () => {
  const before = project.git('rev-parse', 'HEAD').trim();
  await writeFile(join(project.dir, 'www/version'), 'fixture-v2\n');
  project.git('commit', '-qam', 'v2');
  const sha = project.git('rev-parse', 'HEAD').trim();
  const r = await gantryOnDev(['build', 'deliver']);
  assert.is(r.code, 0, describeRun(r));
  for (const host of hosts) {
    assert.is(await sshOut(tb, host.name, `docker image inspect -f '{{ .Config.Labels.service }}' ${REGISTRY}/e2e/lrapp:${sha}`), 'lrapp', host.name);
    assert.not.match(await sshOut(tb, host.name, "docker ps --filter label=service=lrapp --format '{{.Names}}'"), sha, `${host.name}: nothing booted`);
  }
  assert.is(await sshOut(tb, hosts[0]!.name, `docker exec lrapp-web-${before} cat /www/version`), 'fixture-v1', 'the running version still serves');
});

test.run();
