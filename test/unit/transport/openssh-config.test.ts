/** OpenSSH config files → options for one host, under the settings the deploy config sets (pure). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSshOptions } from '../../../core/transport/factory.js';
import { parseOpenSshConfig, type OpenSshConfigSource } from '../../../core/transport/openssh-config.js';
import { proxyCommandFor } from '../../../core/transport/proxy-command.js';
import { optionsForHost } from '../../../core/transport/ssh-host-options.js';
import type { SshOptions } from '../../../core/transport/types.js';

const FILE = `
Host web-*
  HostName %h.internal.example
  User deploy
  Port 2222
  IdentityFile ~/.ssh/web_ed25519
  IdentitiesOnly yes
  ProxyJump ops@bastion:2200
  ServerAliveInterval 15
  UserKnownHostsFile ~/.ssh/known_web
  StrictHostKeyChecking yes
  ForwardAgent yes

Host db1 !db2
  HostName 10.0.0.5
  ProxyCommand ssh -W %h:%p jump

Host bastion
  HostName 192.0.2.1
  User admin

Host *
  User fallback
  IdentityFile ~/.ssh/id_all
`;

const source = (text: string, file = '/cfg/config'): OpenSshConfigSource => ({ file, text, includeBase: '/cfg' });
const config = parseOpenSshConfig([source(FILE)]);

function options(explicit: Array<keyof SshOptions> = [], overrides: Partial<SshOptions> = {}): SshOptions {
  return { ...defaultSshOptions(), ...overrides, openSsh: { config, explicit } };
}

test('a host pattern gives every supported setting; the first value obtained wins, IdentityFile accumulates', () => {
  assert.equal(config.forHost('web-1'), {
    hostName: 'web-1.internal.example',
    user: 'deploy',
    port: 2222,
    identityFiles: ['~/.ssh/web_ed25519', '~/.ssh/id_all'],
    identitiesOnly: true,
    proxyJump: 'ops@bastion:2200',
    serverAliveInterval: 15,
    userKnownHostsFile: '~/.ssh/known_web',
    strictHostKeyChecking: 'strict',
    forwardAgent: true,
  });
  assert.equal(config.forHost('db1'), { hostName: '10.0.0.5', proxyCommand: 'ssh -W %h:%p jump', user: 'fallback', identityFiles: ['~/.ssh/id_all'] });
  assert.equal(config.forHost('elsewhere'), { user: 'fallback', identityFiles: ['~/.ssh/id_all'] });
});

test('with nothing set in the deploy config, the file decides (paths expanded)', () => {
  const { host, options: resolved } = optionsForHost('web-1', options());
  assert.is(host, 'web-1.internal.example');
  assert.is(resolved.user, 'deploy');
  assert.is(resolved.port, 2222);
  assert.equal(resolved.identityFiles, [join(homedir(), '.ssh/web_ed25519'), join(homedir(), '.ssh/id_all')]);
  assert.is(resolved.keysOnly, true);
  assert.is(resolved.proxy, 'ops@bastion:2200');
  assert.is(resolved.keepaliveMs, 15_000);
  assert.is(resolved.knownHostsFile, join(homedir(), '.ssh/known_web'));
  assert.is(resolved.hostKeyPolicy, 'strict');
  assert.is(resolved.forwardAgent, true);
});

test('settings the deploy config sets win over the file', () => {
  const explicit: Array<keyof SshOptions> = ['user', 'port', 'keys', 'keysOnly', 'proxy', 'knownHostsFile', 'hostKeyPolicy', 'forwardAgent'];
  const given: Partial<SshOptions> = { user: 'app', port: 22, keys: ['/k'], keysOnly: false, proxy: 'root@jump', knownHostsFile: '/kh', hostKeyPolicy: 'accept-new', forwardAgent: false };
  const { host, options: resolved } = optionsForHost('web-1', options(explicit, given));
  assert.is(host, 'web-1.internal.example', 'HostName has no deploy-config key: the alias maps to it');
  assert.equal(
    { user: resolved.user, port: resolved.port, keys: resolved.keys, identityFiles: resolved.identityFiles, keysOnly: resolved.keysOnly, proxy: resolved.proxy },
    { user: 'app', port: 22, keys: ['/k'], identityFiles: undefined, keysOnly: false, proxy: 'root@jump' },
  );
  assert.equal([resolved.knownHostsFile, resolved.hostKeyPolicy, resolved.forwardAgent], ['/kh', 'accept-new', false]);
});

test('ProxyCommand from the file; an explicit proxy_command or proxy replaces it; none turns it off', () => {
  assert.is(optionsForHost('db1', options()).options.proxyCommand, 'ssh -W %h:%p jump');
  assert.is(optionsForHost('db1', options(['proxy'], { proxyCommand: 'nc %h %p' })).options.proxyCommand, 'nc %h %p');
  const off = parseOpenSshConfig([source('Host a\n  ProxyJump none\nHost *\n  ProxyJump j\n')]);
  assert.is(optionsForHost('a', { ...defaultSshOptions(), openSsh: { config: off, explicit: [] } }).options.proxy, undefined);
  const hops = parseOpenSshConfig([source('Host a\n  ProxyJump j1,j2\n')]);
  assert.throws(() => optionsForHost('a', { ...defaultSshOptions(), openSsh: { config: hops, explicit: [] } }), /ProxyJump j1,j2 for host a has several hops/);
});

test('no OpenSSH config: the alias is the host and the options are unchanged', () => {
  const plain = defaultSshOptions();
  assert.equal(optionsForHost('h1', plain), { host: 'h1', options: plain });
});

test('earlier files win; Include is spliced in place, relative to the config folder, with globs', () => {
  const included: Record<string, string> = { '/cfg/conf.d/a.conf': 'Host x\n  Port 2201\n', '/cfg/conf.d/b.conf': 'Host x\n  Port 2202\n  User inc\n' };
  const read = (pattern: string): OpenSshConfigSource[] =>
    Object.keys(included)
      .filter((file) => (pattern.endsWith('*.conf') ? file.startsWith(pattern.slice(0, -'*.conf'.length)) : file === pattern))
      .map((file) => source(included[file]!, file));
  const merged = parseOpenSshConfig([source('Include conf.d/*.conf\nHost x\n  User first\n'), source('Host x\n  HostName late\n', '/etc/ssh/ssh_config')], read);
  assert.equal(merged.forHost('x'), { port: 2201, user: 'inc', hostName: 'late' });
  assert.equal(merged.files, ['/cfg/config', '/etc/ssh/ssh_config']);
});

test('StrictHostKeyChecking maps to host_key_checking; a bad Port is named', () => {
  const policies = parseOpenSshConfig([source('Host a\n StrictHostKeyChecking accept-new\nHost b\n StrictHostKeyChecking no\nHost c\n StrictHostKeyChecking ask\nHost d\n Port twenty\n')]);
  assert.is(policies.forHost('a').strictHostKeyChecking, 'accept-new');
  assert.is(policies.forHost('b').strictHostKeyChecking, 'off');
  assert.is(policies.forHost('c').strictHostKeyChecking, undefined);
  assert.throws(() => policies.forHost('d'), /OpenSSH config \(\/cfg\/config\): Port "twenty" for host d is not a number/);
});

test('proxy command tokens: %h %p %r and %%', () => {
  assert.is(proxyCommandFor('ssh -W %h:%p %r@jump 100%%', { user: 'u', host: '10.0.0.5', port: 22 }), 'ssh -W 10.0.0.5:22 u@jump 100%');
});

test.run();
