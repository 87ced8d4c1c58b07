import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTransportFactory, defaultSshOptions } from '../../../core/transport/factory.js';
import { LocalTransport } from '../../../core/transport/local.js';
import { SshTransport } from '../../../core/transport/ssh.js';

test('defaults: root on port 22, keepalive 30 s, 8 channels, accept-new', () => {
  assert.equal(defaultSshOptions(), {
    user: 'root',
    port: 22,
    keys: [],
    keyData: [],
    keysOnly: false,
    forwardAgent: false,
    hostKeyPolicy: 'accept-new',
    keepaliveMs: 30_000,
    readyTimeoutMs: 20_000,
    maxChannels: 8,
    maxConcurrentStarts: 30,
  });
});

test('local names and localHosts run locally; other hosts get one pooled SSH transport each', async () => {
  const factory = createTransportFactory({ ssh: defaultSshOptions(), localHosts: ['builder'] });
  for (const host of ['localhost', '127.0.0.1', '::1', 'builder']) assert.is(factory.forHost(host), factory.local());
  assert.instance(factory.local(), LocalTransport);
  const web1 = factory.forHost('web1.example.com');
  assert.instance(web1, SshTransport);
  assert.is(web1.host, 'web1.example.com');
  assert.is(factory.forHost('web1.example.com'), web1);
  assert.is.not(factory.forHost('web2.example.com'), web1);
  // Nothing was connected: closing is immediate, and the pool starts afresh.
  await factory.closeAll();
  assert.is.not(factory.forHost('web1.example.com'), web1);
});

test.run();
