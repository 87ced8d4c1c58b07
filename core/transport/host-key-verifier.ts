/**
 * Decides whether to trust the key a server offers, against a known_hosts file and the policy:
 * `accept-new` records unknown hosts and refuses changed keys, `strict` refuses unknown hosts too,
 * `off` trusts everything. A key is known when an entry for the host has the same type and blob.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { entryMatches, fingerprint, formatKnownHostsLine, knownHostsName, parseKnownHosts, sshKeyType, type KnownHostEntry } from './known-hosts.js';
import { quoteWord } from './quote.js';
import { Semaphore } from './semaphore.js';
import type { SshOptions } from './types.js';

export interface HostKeyTarget {
  host: string;
  port: number;
  file: string;
  policy: SshOptions['hostKeyPolicy'];
}

export type HostKeyVerdict = { trusted: true } | { trusted: false; reason: string };

const TRUSTED: HostKeyVerdict = { trusted: true };

// One check-then-append at a time per file, so parallel first connections add each host once.
const fileLocks = new Map<string, Semaphore>();

export async function verifyHostKey(target: HostKeyTarget, offered: Buffer): Promise<HostKeyVerdict> {
  if (target.policy === 'off') return TRUSTED;
  let lock = fileLocks.get(target.file);
  if (!lock) fileLocks.set(target.file, (lock = new Semaphore(1)));
  return lock.use(async () => {
    const text = await readKnownHosts(target.file);
    const name = knownHostsName(target.host, target.port);
    const entries = parseKnownHosts(text).filter((entry) => entryMatches(entry, name));
    const type = sshKeyType(offered);
    const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.key.equals(offered));
    if (revoked) return refused(`the ${type} key it offered (${fingerprint(offered)}) is marked @revoked at ${target.file}:${revoked.line}`);
    const sameType = entries.filter((entry) => !entry.marker && entry.keyType === type);
    if (sameType.some((entry) => entry.key.equals(offered))) return TRUSTED;
    if (sameType.length > 0) return refused(changedKeyMessage(target, name, offered, sameType[0]));
    if (target.policy === 'strict') return refused(unknownHostMessage(target, name, offered));
    await mkdir(dirname(target.file), { recursive: true, mode: 0o700 });
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    await appendFile(target.file, `${separator}${formatKnownHostsLine(name, offered)}\n`, { mode: 0o600 });
    return TRUSTED;
  });
}

/**
 * Host key algorithms to offer, types already known for this host first (as OpenSSH orders them),
 * so a server with several keys proves the one we know instead of presenting an unknown one.
 */
export async function hostKeyAlgorithmsFor(target: HostKeyTarget): Promise<ServerHostKeyAlgorithm[] | undefined> {
  if (target.policy === 'off') return undefined;
  const name = knownHostsName(target.host, target.port);
  const knownTypes = new Set(
    parseKnownHosts(await readKnownHosts(target.file))
      .filter((entry) => !entry.marker && entryMatches(entry, name))
      .map((entry) => entry.keyType),
  );
  if (knownTypes.size === 0) return undefined;
  const known = ALL_HOST_KEY_ALGORITHMS.filter((algorithm) => knownTypes.has(keyTypeOfAlgorithm(algorithm)));
  return [...known, ...ALL_HOST_KEY_ALGORITHMS.filter((algorithm) => !known.includes(algorithm))];
}

const ALL_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** RSA keys are stored as `ssh-rsa` whichever signature hash proves them. */
function keyTypeOfAlgorithm(algorithm: ServerHostKeyAlgorithm): string {
  return algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm;
}

async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function refused(reason: string): HostKeyVerdict {
  return { trusted: false, reason };
}

function changedKeyMessage(target: HostKeyTarget, name: string, offered: Buffer, old: KnownHostEntry): string {
  return [
    `HOST KEY CHANGED: the server offered ${sshKeyType(offered)} ${fingerprint(offered)}, but ${target.file}:${old.line} holds a different ${old.keyType} key for ${name}.`,
    'Someone may be intercepting the connection, or the server was reinstalled or its keys rotated.',
    'If you know the change is legitimate, remove the old key and connect again:',
    `  ssh-keygen -R ${quoteWord(name)} -f ${quoteWord(target.file)}`,
  ].join('\n');
}

function unknownHostMessage(target: HostKeyTarget, name: string, offered: Buffer): string {
  const portOption = target.port === 22 ? '' : ` -p ${target.port}`;
  return [
    `${name} is not in ${target.file} and host key checking is strict; the server offered ${sshKeyType(offered)} ${fingerprint(offered)}.`,
    'After checking that fingerprint with the server owner, add the key with:',
    `  ssh-keyscan -t ${sshKeyType(offered)}${portOption} ${quoteWord(target.host)} >> ${quoteWord(target.file)}`,
  ].join('\n');
}
