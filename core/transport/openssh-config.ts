/**
 * OpenSSH client config (`~/.ssh/config`, `ssh.config` files) as data: files parsed with the
 * `ssh-config` package, `Include` spliced in place, and the settings Gantry uses computed for one
 * host alias the way ssh does (the first value obtained wins; `IdentityFile` accumulates).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SSHConfig, { glob, LineType, type Line } from 'ssh-config';
import { GantryError } from '../errors.js';

/** One config file's text and where it came from (relative `Include`s resolve against `includeBase`). */
export interface OpenSshConfigSource {
  file: string;
  text: string;
  /** `~/.ssh` for a user's file, `/etc/ssh` for the system one. */
  includeBase: string;
}

/** What a config file says about one host; only what it sets. */
export interface OpenSshHostSettings {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles?: string[];
  identitiesOnly?: boolean;
  proxyJump?: string;
  proxyCommand?: string;
  /** `ServerAliveInterval`, in seconds (0: off). */
  serverAliveInterval?: number;
  userKnownHostsFile?: string;
  strictHostKeyChecking?: 'strict' | 'accept-new' | 'off';
  forwardAgent?: boolean;
}

export class OpenSshConfig {
  private readonly lines: SSHConfig;

  constructor(readonly files: readonly string[], lines: SSHConfig) {
    this.lines = lines;
  }

  /** Settings for `alias` (the host as written in deploy.yml). `Match exec` is never run. */
  forHost(alias: string): OpenSshHostSettings {
    const values = this.lines.compute(alias, { ignoreCase: true, matchExec: false });
    const one = (key: string): string | undefined => {
      const value = values[key];
      return Array.isArray(value) ? value[0] : value;
    };
    const settings: OpenSshHostSettings = {};
    const hostName = one('hostname');
    if (hostName !== undefined) settings.hostName = expandTokens(hostName, { h: alias });
    const user = one('user');
    if (user !== undefined) settings.user = user;
    const port = one('port');
    if (port !== undefined) settings.port = this.integer('Port', port, alias);
    const identityFiles = values.identityfile;
    if (Array.isArray(identityFiles) && identityFiles.length > 0) settings.identityFiles = identityFiles;
    const identitiesOnly = one('identitiesonly');
    if (identitiesOnly !== undefined) settings.identitiesOnly = yes(identitiesOnly);
    const proxyJump = one('proxyjump');
    if (proxyJump !== undefined) settings.proxyJump = proxyJump;
    const proxyCommand = one('proxycommand');
    if (proxyCommand !== undefined) settings.proxyCommand = proxyCommand;
    const alive = one('serveraliveinterval');
    if (alive !== undefined) settings.serverAliveInterval = this.integer('ServerAliveInterval', alive, alias);
    const knownHosts = values.userknownhostsfile;
    const knownHostsFile = Array.isArray(knownHosts) ? knownHosts[0] : knownHosts;
    if (knownHostsFile !== undefined) settings.userKnownHostsFile = knownHostsFile;
    const strict = one('stricthostkeychecking');
    const policy = strict === undefined ? undefined : hostKeyPolicy(strict);
    if (policy) settings.strictHostKeyChecking = policy;
    const forwardAgent = one('forwardagent');
    if (forwardAgent !== undefined) settings.forwardAgent = yes(forwardAgent);
    return settings;
  }

  private integer(key: string, value: string, alias: string): number {
    if (!/^\d+$/.test(value)) throw new GantryError(`OpenSSH config (${this.files.join(', ')}): ${key} "${value}" for host ${alias} is not a number`);
    return Number(value);
  }
}

/** Parses the files in order (earlier files win, as ssh reads its user file before the system one). */
export function parseOpenSshConfig(sources: readonly OpenSshConfigSource[], readInclude: (pattern: string) => OpenSshConfigSource[] = readIncludedFiles): OpenSshConfig {
  const all = new SSHConfig();
  for (const source of sources) all.push(...withIncludes(SSHConfig.parse(source.text), source.includeBase, readInclude, 0));
  return new OpenSshConfig(
    sources.map((source) => source.file),
    all,
  );
}

const MAX_INCLUDE_DEPTH = 16;

function withIncludes(lines: Line[], base: string, readInclude: (pattern: string) => OpenSshConfigSource[], depth: number): Line[] {
  const result: Line[] = [];
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue;
    if (/^include$/i.test(line.param)) {
      if (depth >= MAX_INCLUDE_DEPTH) throw new GantryError(`OpenSSH config: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
      for (const pattern of words(line.value)) {
        const path = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(base, pattern);
        for (const included of readInclude(path)) {
          result.push(...withIncludes(SSHConfig.parse(included.text), base, readInclude, depth + 1));
        }
      }
      continue;
    }
    if ('config' in line) line.config = Object.assign(new SSHConfig(), withIncludes(line.config, base, readInclude, depth));
    result.push(line);
  }
  return result;
}

function words(value: string | Array<{ val: string }>): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value.map(({ val }) => val);
}

/** The files an `Include` pattern names: `*` and `?` in the file name part, sorted as ssh does. */
function readIncludedFiles(pattern: string): OpenSshConfigSource[] {
  const dir = dirname(pattern);
  const name = basename(pattern);
  let names: string[];
  if (/[*?]/.test(name)) {
    try {
      names = readdirSync(dir)
        .filter((entry) => glob(name, entry))
        .sort();
    } catch {
      return [];
    }
  } else {
    names = [name];
  }
  const sources: OpenSshConfigSource[] = [];
  for (const entry of names) {
    const file = join(dir, entry);
    try {
      sources.push({ file, text: readFileSync(file, 'utf8'), includeBase: dir });
    } catch {
      // ssh skips an Include that names no readable file
    }
  }
  return sources;
}

function yes(value: string): boolean {
  return /^(yes|true)$/i.test(value);
}

function hostKeyPolicy(value: string): OpenSshHostSettings['strictHostKeyChecking'] {
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return 'strict';
  if (v === 'accept-new') return 'accept-new';
  // ssh's `no` connects whatever the key; `ask` (its default) cannot ask here and keeps Gantry's policy.
  if (v === 'no' || v === 'off' || v === 'false') return 'off';
  return undefined;
}

/** OpenSSH `%` tokens: `%%` and the ones given (`h` host, `p` port, `r` user); others are left as written. */
export function expandTokens(text: string, tokens: Record<string, string>): string {
  return text.replace(/%(.)/g, (whole, token: string) => (token === '%' ? '%' : (tokens[token] ?? whole)));
}
