/**
 * The SSH transport on real hosts: one pooled connection per host for many commands, host keys
 * checked (a changed key is refused), and --dry-run reaching no host at all.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTransportFactory, defaultSshOptions } from '../../../core/transport/factory.js';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { gantry } from '../support/gantry.js';
import { writeProject } from '../support/project.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();

/** sshd logs one "Accepted publickey" line per connection. */
async function acceptedConnections(host: string): Promise<number> {
  const log = await readFile(join(tb.dir, 'hosts', host, 'log', 'sshd.log'), 'utf8').catch(() => '');
  return log.split('\n').filter((l) => l.includes('Accepted publickey')).length;
}

async function connectionsByHost(): Promise<number[]> {
  return Promise.all(tb.hosts.map((h) => acceptedConnections(h.name)));
}

test('the ssh transport runs docker on every host through one pooled connection each', async () => {
  const before = await connectionsByHost();
  const factory = createTransportFactory({
    ssh: { ...defaultSshOptions(), keys: [tb.ssh.privateKey], keysOnly: true, knownHostsFile: tb.ssh.knownHosts },
  });
  try {
    for (const h of tb.hosts) {
      const transport = factory.forHost(h.ip);
      const names = await Promise.all(
        Array.from({ length: 12 }, () => transport.exec(['docker', 'info', '--format', '{{.Name}}']).then((r) => r.stdout.trim())),
      );
      assert.equal(new Set(names), new Set([h.name]), `docker on ${h.ip} is ${h.name}'s own`);
    }
  } finally {
    await factory.closeAll();
  }
  const after = await connectionsByHost();
  assert.equal(after.map((n, i) => n - before[i]!), tb.hosts.map(() => 1), 'one connection per host for 12 commands');
});

test('a changed host key is refused with a clear message', async () => {
  const known = await readFile(tb.ssh.knownHosts, 'utf8');
  const h1 = tb.hosts[0]!;
  const other = known.split('\n').find((l) => l.startsWith(`${tb.hosts[1]?.ip ?? tb.dev.ip} `))!;
  const forged = known
    .split('\n')
    .map((l) => (l.startsWith(`${h1.ip} `) ? `${h1.ip} ${other.split(' ').slice(1).join(' ')}` : l))
    .join('\n');
  const project = await writeProject({ config: appConfig(tb, { web: [0], workers: [] }), files: { 'forged_known_hosts': forged } });
  try {
    const config = appConfig(tb, { web: [0], workers: [], extra: {} }) as { ssh: Record<string, unknown> };
    config.ssh.known_hosts = join(project.dir, 'forged_known_hosts');
    await writeFile(join(project.dir, 'config/deploy.yml'), JSON.stringify(config));
    const r = await gantry(['app', 'version'], { cwd: project.dir, env: gantryEnv(tb) });
    assert.is.not(r.code, 0, 'refused');
    assert.match(r.stderr, /host key/i);
    assert.match(r.stderr, h1.ip);
    assert.match(r.stderr, /SHA256:/);
    // The known_hosts file is left as it was: nothing is replaced behind the user's back.
    assert.is(await readFile(join(project.dir, 'forged_known_hosts'), 'utf8'), forged);
  } finally {
    await project.remove();
  }
});

test('--dry-run prints every host command and connects to nothing', async () => {
  const project = await writeProject({ config: appConfig(tb), fixture: 'app', git: true });
  try {
    const before = await connectionsByHost();
    const r = await gantry(['deploy', '--dry-run'], { cwd: project.dir, env: gantryEnv(tb) });
    assert.is(r.code, 0, r.stderr);
    for (const h of tb.hosts) assert.match(r.stdout, `# ${h.ip}`);
    assert.match(r.stdout, /docker pull /);
    assert.match(r.stdout, /docker run /);
    assert.equal(await connectionsByHost(), before, 'no SSH connection was made');
  } finally {
    await project.remove();
  }
});

test.run();
