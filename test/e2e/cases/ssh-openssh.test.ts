/**
 * SSH as OpenSSH users set it up: a host named only by an alias in an OpenSSH config file, the key
 * only in a running ssh-agent, a proxy_command carrying the connection, and a passphrase key
 * refused clearly when there is no terminal and no agent.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const h1 = tb.hosts[0]!;
let project: Project;
let agent: ChildProcess | undefined;
const agentSocket = () => join(project.dir, 'agent.sock');

/** The deploy config for h1 under the alias `app-h1`, with these ssh settings. */
async function configure(ssh: Record<string, unknown>): Promise<void> {
  const config = appConfig(tb, { web: [0], workers: [] }) as Record<string, unknown> & { servers: { web: { hosts: string[] } } };
  config.servers.web.hosts = ['app-h1'];
  // The fixture's base image from this bed's registry (the Dockerfile's default names bed 0's).
  config.builder = { arch: 'amd64', args: { BASE: tb.images.busybox } };
  config.ssh = ssh;
  await writeFile(join(project.dir, 'config/deploy.yml'), stringify(config));
}

async function running(): Promise<string[]> {
  const out = await sshOut(tb, h1.name, "docker ps --filter label=service=e2eapp --format '{{.Names}}'");
  return out ? out.split('\n') : [];
}

async function acceptedFrom(ip: string): Promise<number> {
  const log = await readFile(join(tb.dir, 'hosts', h1.name, 'log', 'sshd.log'), 'utf8').catch(() => '');
  return log.split('\n').filter((line) => line.includes('Accepted publickey') && line.includes(` from ${ip} `)).length;
}

test.before(async () => {
  project = await writeProject({
    config: appConfig(tb, { web: [0], workers: [] }),
    fixture: 'app',
    git: true,
    // Only this file knows where app-h1 is; it names no key, so the key must come from the agent.
    files: { 'config/ssh_config': `Host app-h1\n  HostName ${h1.ip}\n  UserKnownHostsFile ${tb.ssh.knownHosts}\n  StrictHostKeyChecking yes\n` },
  });
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket()], { stdio: 'ignore' });
  for (let waited = 0; !existsSync(agentSocket()); waited += 20) {
    if (waited > 5000) throw new Error('ssh-agent did not start');
    await sleep(20);
  }
  execFileSync('ssh-add', ['-q', tb.ssh.privateKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket() }, stdio: 'ignore' });
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env: { ...gantryEnv(tb), SSH_AUTH_SOCK: agentSocket() } });
  } finally {
    agent?.kill('SIGTERM');
    await project.remove();
  }
});

test('a deploy to a host known only by an alias in ssh.config, with the key only in a running ssh-agent', async () => {
  await configure({ config: 'config/ssh_config' });
  const r = await gantry(['deploy'], { cwd: project.dir, env: { ...gantryEnv(tb), SSH_AUTH_SOCK: agentSocket() } });
  assert.is(r.code, 0, describeRun(r));
  assert.is((await running()).length, 1, 'the app runs on h1');
  const noAgent = await gantry(['audit'], { cwd: project.dir, env: { ...gantryEnv(tb), SSH_AUTH_SOCK: undefined } });
  assert.is.not(noAgent.code, 0, 'without the agent there is no key');
  assert.match(noAgent.stderr, `app-h1: could not connect over SSH (root@${h1.ip}:22)`);
  assert.match(noAgent.stderr, 'authentication failed');
});

test('a deploy through proxy_command "ssh -W %h:%p" via the dev node', async () => {
  const before = await acceptedFrom(tb.dev.ip);
  await configure({
    config: 'config/ssh_config',
    keys: [tb.ssh.privateKey],
    keys_only: true,
    proxy_command: `ssh -F ${tb.ssh.config} -W %h:%p dev`,
  });
  await writeFile(join(project.dir, 'www/version'), 'through the proxy\n');
  project.git('commit', '-qam', 'v2');
  const r = await gantry(['deploy'], { cwd: project.dir, env: { ...gantryEnv(tb), SSH_AUTH_SOCK: undefined } });
  assert.is(r.code, 0, describeRun(r));
  assert.ok((await acceptedFrom(tb.dev.ip)) > before, 'h1 saw the connection come from the dev node');
  const [container] = await running();
  assert.is(await sshOut(tb, h1.name, `docker exec ${container} wget -qO- http://127.0.0.1/version`), 'through the proxy');
});

test('a passphrase key with no terminal and no agent is refused with a message naming it and ssh-add', async () => {
  const locked = join(project.dir, 'locked_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', locked]);
  await configure({ config: 'config/ssh_config', keys: [locked], keys_only: true });
  const r = await gantry(['audit'], { cwd: project.dir, env: { ...gantryEnv(tb), SSH_AUTH_SOCK: undefined } });
  assert.is.not(r.code, 0);
  assert.match(r.stderr, `SSH key ${locked} is protected by a passphrase`);
  assert.match(r.stderr, `ssh-add ${locked}`);
});

test.run();
