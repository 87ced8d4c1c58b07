/**
 * Reverse port forwarding over an ssh2 client (`ssh -R 127.0.0.1:PORT:127.0.0.1:PORT`): the
 * host's sshd listens on its loopback, and each connection made there arrives here as a channel
 * that is joined to a TCP connection to this machine's loopback.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, TcpConnectionDetails } from 'ssh2';

const LOOPBACK = '127.0.0.1';
/** How long a stop waits for the host to confirm before giving up (the connection may be gone). */
const STOP_GRACE_MS = 2000;

/** Stops the remote listener; connections already carried are left to finish. */
export type StopForward = () => Promise<void>;

/** Asks the host to listen on 127.0.0.1:`port`; `onConnection` gets each connection made there. */
export function listenOnHost(client: Client, port: number, onConnection: (channel: ClientChannel) => void): Promise<StopForward> {
  return new Promise((resolve, reject) => {
    // One client carries every forward of its host: take only this port's connections.
    const listener = (details: TcpConnectionDetails, accept: () => ClientChannel): void => {
      if (details.destPort === port) onConnection(accept());
    };
    client.on('tcp connection', listener);
    client.forwardIn(LOOPBACK, port, (error) => {
      if (error) {
        client.off('tcp connection', listener);
        reject(error);
        return;
      }
      resolve(() => stopListening(client, port, listener));
    });
  });
}

function stopListening(client: Client, port: number, listener: (details: TcpConnectionDetails, accept: () => ClientChannel) => void): Promise<void> {
  client.off('tcp connection', listener);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STOP_GRACE_MS);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    try {
      client.unforwardIn(LOOPBACK, port, done);
    } catch {
      // Not connected any more: sshd dropped the listener with the connection.
      done();
    }
  });
}

/** Joins a forwarded channel to a new TCP connection to this machine's 127.0.0.1:`port`. */
export function joinToLocalPort(channel: Duplex, port: number): void {
  const socket = connect(port, LOOPBACK);
  const drop = (): void => {
    socket.destroy();
    channel.destroy();
  };
  socket.on('error', drop);
  channel.on('error', drop);
  socket.on('close', () => channel.end());
  channel.on('close', () => socket.end());
  channel.pipe(socket).pipe(channel);
}

/** sshd refuses a listener whose port is taken (another deploy forwarding the same registry). */
export function isPortTaken(error: Error): boolean {
  return /unable to bind/i.test(error.message);
}
