import { GantryError } from '../errors.js';

/** Where one SSH connection goes. */
export interface SshTarget {
  user: string;
  host: string;
  port: number;
  /** The name the deploy config uses, when an OpenSSH config maps it to another `host`. */
  alias?: string;
}

/** `user@host:port`, as connection messages show it (IPv6 addresses bracketed). */
export function describeTarget({ user, host, port }: SshTarget): string {
  return `${user}@${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The host as the deploy config names it, for the start of messages. */
export function targetName(target: SshTarget): string {
  return target.alias ?? target.host;
}

const JUMP_HOST = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^@:\s]+)(?::(\d+))?$/;

/** A jump host as written: `[user@]host[:port]` (IPv6 as `[addr]`), user and port only when given. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const match = JUMP_HOST.exec(spec.trim());
  if (!match) throw new GantryError(`ssh proxy "${spec}" is not of the form [user@]host[:port]`);
  const [, user, host, port] = match;
  return {
    ...(user === undefined ? {} : { user }),
    host: host.replace(/^\[(.*)\]$/, '$1'),
    ...(port === undefined ? {} : { port: Number(port) }),
  };
}

/** Parses the `proxy` setting; the user defaults to the target's, the port to 22. */
export function parseJumpHost(spec: string, defaultUser: string): SshTarget {
  const { user, host, port } = parseJumpSpec(spec);
  return { user: user ?? defaultUser, host, port: port ?? 22 };
}
