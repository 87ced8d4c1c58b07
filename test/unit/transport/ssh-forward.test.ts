/** SshTransport.forwardRemote against a real sshd this test starts on 127.0.0.1 (see sshd.ts). */
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSshOptions } from '../../../core/transport/factory.js';
import { SshTransport } from '../../../core/transport/ssh.js';
import { freePort, startSshd, type TestSshd } from './sshd.js';
import { rejectionOf } from './rejection.js';

// Top-level await, not test.before: uvu 0.5 swallows a failing hook and reports success.
const sshd: TestSshd = await startSshd();
const ssh = new SshTransport('127.0.0.1', { ...defaultSshOptions(), port: sshd.port, keys: [sshd.clientKey], keysOnly: true, knownHostsFile: join(sshd.dir, 'known_hosts') });
/** The service "on this machine": answers every line with `echo:` and the line. */
const service: Server = createServer((socket) => socket.on('data', (data) => socket.end(`echo:${data}`)));
const servicePort = await freePort();
await new Promise<void>((resolve) => service.listen(servicePort, '127.0.0.1', resolve));

test.after(async () => {
  await ssh.close();
  service.close();
  await sshd.stop();
});

/** Connects to 127.0.0.1:`port` (the "host" is this machine's sshd), sends `text`, resolves the reply. */
function ask(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (data) => (reply += data));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

test('a connection to the host’s port reaches the local port until the forward is closed', async () => {
  const remotePort = await freePort();
  const forward = await ssh.forwardRemote({ remotePort, localPort: servicePort });
  assert.is(await ask(remotePort, 'one'), 'echo:one');
  // Several connections at once, each its own channel.
  assert.equal(await Promise.all(['a', 'b', 'c'].map((t) => ask(remotePort, t))), ['echo:a', 'echo:b', 'echo:c']);
  await forward.close();
  const refused = await rejectionOf(ask(remotePort, 'two'));
  assert.match(refused.message, /ECONNREFUSED/);
});

test('a local port with nothing listening drops the forwarded connection, not the forward', async () => {
  const [remotePort, deadPort] = [await freePort(), await freePort()];
  const forward = await ssh.forwardRemote({ remotePort, localPort: deadPort });
  const reply = await ask(remotePort, 'x').catch((error: Error) => error.message);
  assert.ok(reply === '' || /ECONNRESET/.test(reply), reply);
  await forward.close();
});

test('a port taken on the host is asked for again until it is free', async () => {
  const remotePort = await freePort();
  const first = await ssh.forwardRemote({ remotePort, localPort: servicePort });
  const started = Date.now();
  const second = ssh.forwardRemote({ remotePort, localPort: servicePort });
  setTimeout(() => void first.close(), 300);
  const forward = await second;
  assert.ok(Date.now() - started >= 300);
  assert.is(await ask(remotePort, 'again'), 'echo:again');
  await forward.close();
});

test.run();
