/**
 * OpenSSH known_hosts, as data: parsing (plain, wildcard, negated and hashed `|1|salt|hash`
 * host fields, `[host]:port`, markers, comments), matching a host, and formatting a new line.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface KnownHostEntry {
  /** 1-based line number in the file, for messages. */
  line: number;
  /** `@revoked` keys must be refused; `@cert-authority` lines sign certificates and vouch for no plain key. */
  marker?: 'revoked' | 'cert-authority';
  hostField: string;
  keyType: string;
  /** The public key blob (wire format), compared byte for byte with the key a server offers. */
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const fields = rawLine.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else return; // an unknown marker: skip the line rather than trust it
    }
    const [hostField, keyType, base64] = fields;
    if (!hostField || !keyType || !base64) return;
    const key = Buffer.from(base64, 'base64');
    // Malformed lines are skipped, as OpenSSH does; a key's blob always starts with its own type.
    if (key.length === 0 || sshKeyType(key) !== keyType) return;
    entries.push({ line: index + 1, ...(marker ? { marker } : {}), hostField, keyType, key });
  });
  return entries;
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise (lower-cased). */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  return entry.hostField.startsWith('|1|') ? hashedMatches(entry.hostField, name) : patternListMatches(entry.hostField, name);
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** `a,b,*.example.com,!bad.example.com`: any positive match, unless a negated pattern matches. */
function patternListMatches(field: string, name: string): boolean {
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    if (!wildcardMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function wildcardMatches(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(name);
}

/** The key type named at the start of a public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function sshKeyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  return length <= blob.length - 4 ? blob.subarray(4, 4 + length).toString('latin1') : '';
}

/** `SHA256:…`, exactly as `ssh-keygen -l` and ssh's warnings print it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function formatKnownHostsLine(name: string, blob: Buffer): string {
  return `${name} ${sshKeyType(blob)} ${blob.toString('base64')}`;
}
