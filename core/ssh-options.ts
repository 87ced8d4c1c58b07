/** SSH settings from config (`ssh`, `sshkit`) in the transport's terms, with the OpenSSH config files they name. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadedConfig } from './config/types.js';
import { GantryError } from './errors.js';
import { parseOpenSshConfig, type OpenSshConfigSource } from './transport/openssh-config.js';
import type { SshOptions } from './transport/types.js';
import { defaultSshOptions } from './transport/factory.js';

/** What `ssh.config: true` (the default) reads, as net-ssh does for Kamal: the user's file, then the system's. */
const DEFAULT_CONFIG_FILES = ['~/.ssh/config', '/etc/ssh/ssh_config'];

export function sshOptionsFrom(loaded: LoadedConfig, debug?: (line: string) => void): SshOptions {
  const { ssh = {}, sshkit = {} } = loaded.config;
  const defaults = defaultSshOptions();
  const expandHome = (file: string) => (file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : path.resolve(loaded.root, file));
  const options: SshOptions = {
    ...defaults,
    user: ssh.user ?? defaults.user,
    port: ssh.port ?? defaults.port,
    proxy: ssh.proxy,
    // As in Kamal, a jump host wins over a proxy command.
    ...(ssh.proxy === undefined && ssh.proxy_command !== undefined ? { proxyCommand: ssh.proxy_command } : {}),
    keys: (ssh.keys ?? []).map(expandHome),
    keyData: (ssh.key_data ?? []).map((name) => loaded.secrets.get(name)),
    keysOnly: ssh.keys_only ?? defaults.keysOnly,
    forwardAgent: ssh.forward_agent ?? defaults.forwardAgent,
    knownHostsFile: ssh.known_hosts ? expandHome(ssh.known_hosts) : defaults.knownHostsFile,
    hostKeyPolicy: ssh.host_key_checking ?? defaults.hostKeyPolicy,
    maxConcurrentStarts: sshkit.max_concurrent_starts ?? defaults.maxConcurrentStarts,
    ...(ssh.log_level === 'debug' && debug ? { debug } : {}),
  };
  const files = configFiles(ssh.config, expandHome);
  if (files.length === 0) return options;
  const explicit: Array<keyof SshOptions> = [];
  if (ssh.user !== undefined) explicit.push('user');
  if (ssh.port !== undefined) explicit.push('port');
  if (ssh.keys !== undefined || ssh.key_data !== undefined) explicit.push('keys');
  if (ssh.keys_only !== undefined) explicit.push('keysOnly');
  if (ssh.proxy !== undefined || ssh.proxy_command !== undefined) explicit.push('proxy');
  if (ssh.forward_agent !== undefined) explicit.push('forwardAgent');
  if (ssh.known_hosts !== undefined) explicit.push('knownHostsFile');
  if (ssh.host_key_checking !== undefined) explicit.push('hostKeyPolicy');
  return { ...options, openSsh: { config: parseOpenSshConfig(readSources(files)), explicit } };
}

/** `true`/unset: the default files (missing ones skipped); `false`: none; a path or list: those files, which must exist. */
function configFiles(setting: boolean | string | string[] | undefined, expandHome: (file: string) => string): Array<{ file: string; required: boolean }> {
  if (setting === false) return [];
  if (setting === undefined || setting === true) {
    return DEFAULT_CONFIG_FILES.map((file) => ({ file: file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file, required: false }));
  }
  return (Array.isArray(setting) ? setting : [setting]).map((file) => ({ file: expandHome(file), required: true }));
}

function readSources(files: Array<{ file: string; required: boolean }>): OpenSshConfigSource[] {
  const sources: OpenSshConfigSource[] = [];
  for (const { file, required } of files) {
    try {
      const includeBase = file.startsWith('/etc/') ? '/etc/ssh' : path.join(os.homedir(), '.ssh');
      sources.push({ file, text: readFileSync(file, 'utf8'), includeBase });
    } catch (error) {
      if (required || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new GantryError(`ssh.config: cannot read OpenSSH config ${file}: ${(error as Error).message}`);
      }
    }
  }
  return sources;
}
