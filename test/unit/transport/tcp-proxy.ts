import { createServer, connect, type Socket } from 'node:net';

/** A TCP relay to a local port that can refuse its first connections and cut live ones: network trouble on demand. */
export interface TcpProxy {
  port: number;
  /** Close the next `count` incoming connections before a byte is relayed. */
  dropNext(count: number): void;
  /** Destroy every relayed connection, as a network failure would. */
  cutAll(): void;
  close(): Promise<void>;
}

export function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const live = new Set<Socket>();
  let toDrop = 0;
  const server = createServer((incoming) => {
    if (toDrop > 0) {
      toDrop--;
      incoming.destroy();
      return;
    }
    const outgoing = connect(targetPort, '127.0.0.1');
    for (const socket of [incoming, outgoing]) {
      live.add(socket);
      socket.on('close', () => live.delete(socket));
      socket.on('error', () => undefined);
    }
    incoming.pipe(outgoing).pipe(incoming);
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        dropNext: (count) => (toDrop = count),
        cutAll: () => live.forEach((socket) => socket.destroy()),
        close: () =>
          new Promise((done) => {
            live.forEach((socket) => socket.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}
