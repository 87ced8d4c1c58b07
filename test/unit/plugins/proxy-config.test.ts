import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../../core/engine.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { locate, validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { proxyPlugin } from '../../../plugins/proxy/index.js';
import { fakeLoadedConfig } from '../../support/context.js';

/** The config as loaded (positions kept), checked by the proxy plugin's rules. */
async function check(text: string): Promise<() => void> {
  const source = parseYamlSource('gantry.yml', text, {});
  const config = await validateConfig(source, { files: ['gantry.yml'] });
  const loaded: LoadedConfig = { ...fakeLoadedConfig(), config, locate: (issues) => locate(issues, source, config, ['gantry.yml']) };
  return () => new Engine([proxyPlugin], loaded).checkConfig();
}

const HEAD = 'service: app\nimage: acme/app\n';
const CERT = '{certificate_pem: CERT, private_key_pem: KEY}';

test('custom certificates load with either driver, at the root or a role (Caddy serves them too)', async () => {
  const roles = `${HEAD}servers:\n  web:\n    hosts: [a]\n    proxy:\n      host: b.test\n      ssl: ${CERT}\n`;
  for (const driver of ['caddy', 'kamal-proxy']) {
    assert.not.throws(await check(`${roles}proxy:\n  driver: ${driver}\n  host: a.test\n  ssl: ${CERT}\n`), driver);
  }
});

test.run();
