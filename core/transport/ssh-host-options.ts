/**
 * The SSH options for one host: the OpenSSH config's settings for that alias, under the settings
 * the deploy config sets itself (those win, as in Kamal, where net-ssh's explicit options beat
 * its config files).
 */
import { homedir, userInfo } from 'node:os';
import { GantryError } from '../errors.js';
import { expandHome } from './home-path.js';
import { expandTokens, type OpenSshHostSettings } from './openssh-config.js';
import type { SshOptions } from './types.js';

/** Where one connection goes and how, after the OpenSSH config was applied. */
export interface HostOptions {
  /** The address to connect to (`HostName`, or the alias itself). */
  host: string;
  options: SshOptions;
}

export function optionsForHost(alias: string, options: SshOptions): HostOptions {
  const openSsh = options.openSsh;
  if (!openSsh) return { host: alias, options };
  const file = openSsh.config.forHost(alias);
  const explicit = new Set(openSsh.explicit);
  const from = <K extends keyof SshOptions>(key: K, value: SshOptions[K] | undefined): Partial<SshOptions> =>
    value === undefined || explicit.has(key) ? {} : { [key]: value };
  const host = file.hostName ?? alias;
  const user = file.user !== undefined && !explicit.has('user') ? file.user : options.user;
  const port = file.port !== undefined && !explicit.has('port') ? file.port : options.port;
  const tokens = { h: host, p: String(port), r: user, d: homedir(), u: localUser(), n: alias };
  const path = (file: string): string => expandHome(expandTokens(file, tokens));
  return {
    host,
    options: {
      ...options,
      user,
      port,
      // Keys set in the deploy config (files or key_data) replace the file's IdentityFile lines.
      ...(explicit.has('keys') ? {} : from('identityFiles', file.identityFiles?.map(path))),
      ...from('keysOnly', file.identitiesOnly),
      ...(explicit.has('proxy') ? {} : proxyFrom(file, alias)),
      ...from('keepaliveMs', file.serverAliveInterval === undefined ? undefined : file.serverAliveInterval * 1000),
      ...from('knownHostsFile', file.userKnownHostsFile === undefined ? undefined : path(file.userKnownHostsFile)),
      ...from('hostKeyPolicy', file.strictHostKeyChecking),
      ...from('forwardAgent', file.forwardAgent),
    },
  };
}

/** `ProxyJump` (one hop) or `ProxyCommand`; `none` turns either off. */
function proxyFrom(file: OpenSshHostSettings, alias: string): Partial<SshOptions> {
  if (file.proxyJump !== undefined) {
    if (file.proxyJump === 'none') return { proxy: undefined, proxyCommand: undefined };
    if (file.proxyJump.includes(',')) {
      throw new GantryError(`OpenSSH config: ProxyJump ${file.proxyJump} for host ${alias} has several hops; Gantry goes through one jump host (use ProxyCommand "ssh -W %h:%p ..." for more)`);
    }
    return { proxy: file.proxyJump.replace(/^ssh:\/\//, ''), proxyCommand: undefined };
  }
  if (file.proxyCommand !== undefined) {
    return file.proxyCommand === 'none' ? { proxy: undefined, proxyCommand: undefined } : { proxy: undefined, proxyCommand: file.proxyCommand };
  }
  return {};
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}
