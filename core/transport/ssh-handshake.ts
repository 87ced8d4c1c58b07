/**
 * One attempt to open an authenticated SSH connection with ssh2, with the host key checked against
 * known_hosts, and every way it can fail turned into a message a person can act on.
 */
import type { Duplex } from 'node:stream';
import type { Client, KexAlgorithm, ServerHostKeyAlgorithm } from 'ssh2';
import { GantryError } from '../errors.js';
import { loadSsh2 } from './ssh2-module.js';
import { verifyHostKey, type HostKeyTarget } from './host-key-verifier.js';
import type { AuthPlan } from './ssh-keys.js';
import { describeTarget, targetName, type SshTarget } from './ssh-target.js';
import type { SshOptions } from './types.js';

/** A connection that could not be opened; `retriable` for network trouble, never for auth or host keys. */
export class SshConnectError extends GantryError {
  override name = 'SshConnectError';
  constructor(
    target: SshTarget,
    via: SshTarget | undefined,
    reason: string,
    readonly retriable: boolean,
  ) {
    super(`${targetName(target)}: could not connect over SSH (${describeTarget(target)}${via ? ` via ${describeTarget(via)}` : ''}): ${reason}`);
  }
}

// curve25519 first; no SHA-1 key exchange.
const KEX: KexAlgorithm[] = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
];

export interface HandshakeParams {
  target: SshTarget;
  /** The jump host the socket goes through, for messages. */
  via?: SshTarget;
  /** A tunnel through the jump host or a proxy command; without it ssh2 opens a TCP connection itself. */
  sock?: Duplex;
  options: Pick<SshOptions, 'keepaliveMs' | 'readyTimeoutMs' | 'forwardAgent' | 'debug'>;
  auth: AuthPlan;
  hostKey: HostKeyTarget;
  hostKeyAlgorithms?: ServerHostKeyAlgorithm[];
}

type Ssh2Error = Error & { level?: string; code?: string };

export async function handshake(params: HandshakeParams): Promise<Client> {
  const { target, via, options, auth, hostKey } = params;
  const ssh2 = await loadSsh2();
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let ready = false;
    let lastError: Ssh2Error | undefined;
    let hostKeyRefusal: string | undefined;
    client.on('ready', () => {
      ready = true;
      resolve(client);
    });
    // Before ready we keep the last error and decide on 'close', which always follows: ssh2 also
    // reports non-fatal trouble (an unreachable agent) and then goes on. After ready, 'close' is
    // what the connection owner acts on; the listener only keeps an error from being unhandled.
    client.on('error', (error: Ssh2Error) => {
      if (!ready) lastError = error;
    });
    client.on('close', () => {
      if (ready) return;
      if (hostKeyRefusal !== undefined) reject(new SshConnectError(target, via, hostKeyRefusal, false));
      else reject(failureFrom(lastError));
    });
    // A server that closes early (sshd beyond MaxStartups, a restarting host) is worth one more try.
    const failureFrom = (error: Ssh2Error | undefined): SshConnectError => {
      if (!error) {
        return new SshConnectError(target, via, 'the server closed the connection during the handshake', true);
      }
      if (error.level === 'client-authentication') return new SshConnectError(target, via, authenticationFailure(target, auth), false);
      if (error.level === 'client-timeout') {
        const reason = error.message.includes('handshake') ? `no SSH handshake within ${options.readyTimeoutMs} ms` : error.message;
        return new SshConnectError(target, via, reason, true);
      }
      if (error.level === 'client-socket') return new SshConnectError(target, via, socketProblem(error, target), true);
      if (error.message === 'Connection lost before handshake') {
        return new SshConnectError(target, via, 'the server closed the connection before the SSH handshake', true);
      }
      return new SshConnectError(target, via, error.message, false);
    };
    try {
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        ...(params.sock ? { sock: params.sock } : {}),
        keepaliveInterval: options.keepaliveMs,
        readyTimeout: options.readyTimeoutMs,
        // Every command's channel asks for agent forwarding; ssh2 needs the agent socket for it.
        ...(options.forwardAgent ? { agent: forwardedAgent(), agentForward: true } : {}),
        ...(options.debug ? { debug: options.debug } : {}),
        algorithms: { kex: KEX, ...(params.hostKeyAlgorithms ? { serverHostKey: params.hostKeyAlgorithms } : {}) },
        authHandler: auth.methods,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          verifyHostKey(hostKey, key).then(
            (verdict) => {
              if (!verdict.trusted) hostKeyRefusal = verdict.reason;
              verify(verdict.trusted);
            },
            (error: Error) => {
              hostKeyRefusal = `could not check the host key against ${hostKey.file}: ${error.message}`;
              verify(false);
            },
          );
        },
      });
    } catch (error) {
      reject(new SshConnectError(target, via, (error as Error).message, false));
    }
  });
}

function forwardedAgent(): string {
  const agent = process.env.SSH_AUTH_SOCK;
  if (!agent) throw new Error('ssh.forward_agent is set but no ssh-agent is running here (SSH_AUTH_SOCK is not set)');
  return agent;
}

function authenticationFailure(target: SshTarget, auth: AuthPlan): string {
  const tried = auth.tried.length > 0 ? `tried ${auth.tried.join(', ')}` : 'no ssh-agent and no private key found (set ssh.keys)';
  const skipped = auth.skipped.length > 0 ? `; skipped ${auth.skipped.join(', ')}` : '';
  return `authentication failed for user ${target.user}: ${tried}${skipped}`;
}

const SOCKET_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
};

function socketProblem(error: Ssh2Error, target: SshTarget): string {
  const problem = error.code ? SOCKET_PROBLEMS[error.code] : undefined;
  if (error.code === 'ECONNREFUSED') return `${problem} (is sshd listening on port ${target.port}?)`;
  return problem ?? error.message;
}
