/**
 * Which credentials an SSH connection tries, in order: the ssh-agent (unless keysOnly), then the
 * configured key files and key contents, or the default ~/.ssh keys when none are configured.
 */
import { readFile } from 'node:fs/promises';
import type { AgentAuthMethod, ParsedKey, PublicKeyAuthMethod } from 'ssh2';
import { GantryError } from '../errors.js';
import { expandHome } from './home-path.js';
import { loadSsh2 } from './ssh2-module.js';
import type { SshOptions } from './types.js';

const DEFAULT_KEY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];

export interface AuthPlan {
  methods: Array<AgentAuthMethod | PublicKeyAuthMethod>;
  /** What is tried, in order, for an authentication failure message (`ssh-agent`, key paths). */
  tried: string[];
  /** Default keys left out, with why (e.g. encrypted), for the same message. */
  skipped: string[];
}

export async function planAuthentication(user: string, options: Pick<SshOptions, 'keys' | 'keyData' | 'keysOnly'>): Promise<AuthPlan> {
  const plan: AuthPlan = { methods: [], tried: [], skipped: [] };
  const { parseKey } = (await loadSsh2()).utils;
  const keyProblem = (key: Buffer): string | undefined => problemOf(parseKey(key));
  const agent = process.env.SSH_AUTH_SOCK;
  if (agent && !options.keysOnly) {
    plan.methods.push({ type: 'agent', username: user, agent });
    plan.tried.push('ssh-agent');
  }
  const addKey = (key: Buffer, label: string): void => {
    plan.methods.push({ type: 'publickey', username: user, key });
    plan.tried.push(label);
  };
  for (const path of options.keys) {
    const file = expandHome(path);
    const key = await readKey(file, keyProblem).catch((error: Error) => {
      throw new GantryError(`cannot use SSH key ${file}: ${error.message}`);
    });
    addKey(key, file);
  }
  options.keyData.forEach((data, index) => {
    const key = Buffer.from(data);
    const problem = keyProblem(key);
    // Never echo the key itself: it is a secret.
    if (problem) throw new GantryError(`ssh key_data #${index + 1} is not a usable private key: ${problem}`);
    addKey(key, `key_data #${index + 1}`);
  });
  if (options.keys.length === 0 && options.keyData.length === 0) {
    for (const path of DEFAULT_KEY_FILES) {
      const file = expandHome(path);
      try {
        addKey(await readKey(file, keyProblem), file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') plan.skipped.push(`${file} (${(error as Error).message})`);
      }
    }
  }
  return plan;
}

async function readKey(file: string, keyProblem: (key: Buffer) => string | undefined): Promise<Buffer> {
  const key = await readFile(file);
  const problem = keyProblem(key);
  if (problem) throw new Error(problem);
  return key;
}

function problemOf(parsed: ParsedKey | Error): string | undefined {
  if (parsed instanceof Error) return parsed.message;
  if (!parsed.isPrivateKey()) return 'it is a public key, not a private key';
  return undefined;
}
