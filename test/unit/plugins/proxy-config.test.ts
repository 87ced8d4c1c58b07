import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../../core/engine.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { locate, validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { proxyPlugin } from '../../../plugins/proxy/index.js';
import { fakeLoadedConfig } from '../../support/context.js';
import { problemLines } from '../config/config-error.js';

/** The config as loaded (positions kept), checked by the proxy plugin's rules. */
async function check(text: string): Promise<() => void> {
  const source = parseYamlSource('gantry.yml', text, {});
  const config = await validateConfig(source, { files: ['gantry.yml'] });
  const loaded: LoadedConfig = { ...fakeLoadedConfig(), config, locate: (issues) => locate(issues, source, config, ['gantry.yml']) };
  return () => new Engine([proxyPlugin], loaded).checkConfig();
}

const HEAD = 'service: app\nimage: acme/app\n';
const CERT = '{certificate_pem: CERT, private_key_pem: KEY}';

test('custom certificates with the caddy driver are refused at the key, root or role', async () => {
  const text = `${HEAD}servers:\n  web:\n    hosts: [a]\n    proxy:\n      host: b.test\n      ssl: ${CERT}\nproxy:\n  driver: caddy\n  host: a.test\n  ssl: ${CERT}\n`;
  assert.equal(await problemLines(await check(text)), [
    'gantry.yml:8:7 servers.web.proxy.ssl: custom certificates need the kamal-proxy driver; the caddy driver has automatic HTTPS only (ssl: true)',
    'gantry.yml:12:3 proxy.ssl: custom certificates need the kamal-proxy driver; the caddy driver has automatic HTTPS only (ssl: true)',
  ]);
});

test('custom certificates with kamal-proxy, and ssl: true with caddy, pass', async () => {
  (await check(`${HEAD}servers: [a]\nproxy:\n  host: a.test\n  ssl: ${CERT}\n`))();
  (await check(`${HEAD}servers: [a]\nproxy:\n  driver: caddy\n  host: a.test\n  ssl: true\n`))();
});

test.run();
