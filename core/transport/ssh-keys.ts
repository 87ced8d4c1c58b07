/**
 * Which credentials an SSH connection tries, in order: the ssh-agent's keys in the agent's order
 * (unless keysOnly), then the configured key files and key contents, else the OpenSSH config's
 * IdentityFile keys, else the default ~/.ssh keys. A key file protected by a passphrase is
 * unlocked with a passphrase asked once on the terminal; without a terminal it is left to the agent.
 */
import { readFile } from 'node:fs/promises';
import type { AgentAuthMethod, ParsedKey, PublicKeyAuthMethod } from 'ssh2';
import { GantryError } from '../errors.js';
import { expandHome } from './home-path.js';
import { loadSsh2 } from './ssh2-module.js';
import { terminalAsker, type PassphraseAsker } from './passphrase.js';
import type { SshOptions } from './types.js';

const DEFAULT_KEY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];

export interface AuthPlan {
  methods: Array<AgentAuthMethod | PublicKeyAuthMethod>;
  /** What is tried, in order, for an authentication failure message (`ssh-agent`, key paths). */
  tried: string[];
  /** Keys left out, with why (e.g. protected by a passphrase), for the same message. */
  skipped: string[];
}

export interface AuthEnvironment {
  /** The ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string;
  /** Asks for a key's passphrase; undefined when there is no terminal to ask on. */
  ask?: PassphraseAsker;
}

function currentEnvironment(): AuthEnvironment {
  const agent = process.env.SSH_AUTH_SOCK;
  const ask = terminalAsker();
  return { ...(agent ? { agent } : {}), ...(ask ? { ask } : {}) };
}

type KeyOptions = Pick<SshOptions, 'keys' | 'keyData' | 'keysOnly' | 'identityFiles'>;

export async function planAuthentication(user: string, options: KeyOptions, env: AuthEnvironment = currentEnvironment()): Promise<AuthPlan> {
  const plan: AuthPlan = { methods: [], tried: [], skipped: [] };
  const { parseKey } = (await loadSsh2()).utils;
  const agent = options.keysOnly ? undefined : env.agent;
  if (agent) {
    plan.methods.push({ type: 'agent', username: user, agent });
    plan.tried.push('ssh-agent');
  }
  const addKey = (key: ParsedKey, label: string): void => {
    plan.methods.push({ type: 'publickey', username: user, key });
    plan.tried.push(label);
  };
  /** A key file; `optional` ones (defaults, IdentityFile) may be missing, as ssh allows. */
  const addFile = async (path: string, optional: boolean): Promise<void> => {
    const file = expandHome(path);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (optional) return void plan.skipped.push(`${file} (${(error as Error).message})`);
      throw new GantryError(`cannot use SSH key ${file}: ${(error as Error).message}`);
    }
    const parsed = parseKey(data);
    if (parsed instanceof Error && isEncrypted(parsed)) {
      if (agent || (optional && !env.ask)) return void plan.skipped.push(`${file} (protected by a passphrase; load it into ssh-agent with: ssh-add ${file})`);
      if (!env.ask) throw passphraseRefusal(file);
      return addKey(await unlock(file, data, env.ask, parseKey), file);
    }
    const problem = keyProblem(parsed);
    if (problem === undefined) return addKey(parsed as ParsedKey, file);
    if (optional) return void plan.skipped.push(`${file} (${problem})`);
    throw new GantryError(`cannot use SSH key ${file}: ${problem}`);
  };
  for (const path of options.keys) await addFile(path, false);
  options.keyData.forEach((data, index) => {
    const parsed = parseKey(Buffer.from(data));
    const problem = keyProblem(parsed);
    // Never echo the key itself: it is a secret.
    if (problem !== undefined) throw new GantryError(`ssh key_data #${index + 1} is not a usable private key: ${problem}`);
    addKey(parsed as ParsedKey, `key_data #${index + 1}`);
  });
  if (options.keys.length === 0 && options.keyData.length === 0) {
    for (const path of options.identityFiles ?? DEFAULT_KEY_FILES) await addFile(path, true);
  }
  return plan;
}

function passphraseRefusal(file: string): GantryError {
  return new GantryError(
    `SSH key ${file} is protected by a passphrase, and there is no terminal to ask for it and no ssh-agent: ` +
      `load it into ssh-agent (eval "$(ssh-agent)"; ssh-add ${file}) and run again`,
  );
}

function isEncrypted(error: Error): boolean {
  return /no passphrase given/.test(error.message);
}

type ParseKey = (data: Buffer, passphrase?: string) => ParsedKey | Error;

/** One passphrase per file for the whole run, however many hosts use the key. */
const unlocked = new Map<string, Promise<ParsedKey>>();

function unlock(file: string, data: Buffer, ask: PassphraseAsker, parseKey: ParseKey): Promise<ParsedKey> {
  let key = unlocked.get(file);
  if (!key) {
    key = ask(`Passphrase for SSH key ${file}: `).then((passphrase) => {
      const parsed = parseKey(data, passphrase);
      if (parsed instanceof Error) throw new GantryError(`cannot unlock SSH key ${file}: ${/passphrase/i.test(parsed.message) ? 'wrong passphrase' : parsed.message}`);
      return parsed;
    });
    unlocked.set(file, key);
    key.catch(() => unlocked.delete(file));
  }
  return key;
}

function keyProblem(parsed: ParsedKey | Error): string | undefined {
  if (parsed instanceof Error) return parsed.message;
  if (!parsed.isPrivateKey()) return 'it is a public key, not a private key';
  return undefined;
}
