import { GantryError } from '../errors.js';

/** Where one SSH connection goes. */
export interface SshTarget {
  user: string;
  host: string;
  port: number;
}

/** `user@host:port`, as connection messages show it (IPv6 addresses bracketed). */
export function describeTarget({ user, host, port }: SshTarget): string {
  return `${user}@${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const JUMP_HOST = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^@:\s]+)(?::(\d+))?$/;

/** Parses the `proxy` setting `[user@]host[:port]` (IPv6 as `[addr]`); the user defaults to the target's, the port to 22. */
export function parseJumpHost(spec: string, defaultUser: string): SshTarget {
  const match = JUMP_HOST.exec(spec.trim());
  if (!match) throw new GantryError(`ssh proxy "${spec}" is not of the form [user@]host[:port]`);
  const [, user, host, port] = match;
  return {
    user: user ?? defaultUser,
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port: port === undefined ? 22 : Number(port),
  };
}
