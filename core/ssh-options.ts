/** SSH settings from config (`ssh`, `sshkit`) in the transport's terms. */
import os from 'node:os';
import path from 'node:path';
import type { LoadedConfig } from './config/types.js';
import type { SshOptions } from './transport/types.js';
import { defaultSshOptions } from './transport/factory.js';

export function sshOptionsFrom(loaded: LoadedConfig): SshOptions {
  const { ssh = {}, sshkit = {} } = loaded.config;
  const defaults = defaultSshOptions();
  const expandHome = (file: string) => (file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : path.resolve(loaded.root, file));
  return {
    ...defaults,
    user: ssh.user ?? defaults.user,
    port: ssh.port ?? defaults.port,
    proxy: ssh.proxy,
    keys: (ssh.keys ?? []).map(expandHome),
    keyData: (ssh.key_data ?? []).map((name) => loaded.secrets.get(name)),
    keysOnly: ssh.keys_only ?? defaults.keysOnly,
    knownHostsFile: ssh.known_hosts ? expandHome(ssh.known_hosts) : defaults.knownHostsFile,
    hostKeyPolicy: ssh.host_key_checking ?? defaults.hostKeyPolicy,
    maxConcurrentStarts: sshkit.max_concurrent_starts ?? defaults.maxConcurrentStarts,
  };
}
