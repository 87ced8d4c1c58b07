import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../../core/engine.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { locate, validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { accessoriesPlugin } from '../../../plugins/accessories/index.js';
import { fakeLoadedConfig } from '../../support/context.js';
import { problemLines } from '../config/config-error.js';

const HEAD = 'service: app\nimage: acme/app\n';

/** The config as loaded (positions kept), checked by the accessories plugin's rules. */
async function check(text: string): Promise<() => void> {
  const source = parseYamlSource('gantry.yml', text, {});
  const config = await validateConfig(source, { files: ['gantry.yml'] });
  const loaded: LoadedConfig = { ...fakeLoadedConfig(), config, locate: (issues) => locate(issues, source, config, ['gantry.yml']) };
  return () => new Engine([accessoriesPlugin], loaded).checkConfig();
}

test('an accessory runs on exactly one of host/hosts/role/roles/tag/tags', async () => {
  const text = `${HEAD}servers: [a]\naccessories:\n  db:\n    image: mysql\n    host: a\n    roles: [web]\n  cache:\n    image: redis\n  ok:\n    image: x\n    tag: eu\n`;
  assert.equal(await problemLines(await check(text)), [
    'gantry.yml:5:3 accessories.db: set exactly one of host, hosts, role, roles, tag, tags (found host, roles)',
    'gantry.yml:9:3 accessories.cache: set exactly one of host, hosts, role, roles, tag, tags',
  ]);
});

test('an accessory placed by role names roles that exist, at the role itself', async () => {
  const text = `${HEAD}servers: [a]\naccessories:\n  db:\n    image: mysql\n    role: db\n  cache:\n    image: redis\n    roles: [web, jobs]\n`;
  assert.equal(await problemLines(await check(text)), [
    'gantry.yml:7:5 accessories.db.role: role "db" is not defined in servers (roles: web)',
    'gantry.yml:10:18 accessories.cache.roles[1]: role "jobs" is not defined in servers (roles: web)',
  ]);
});

test('accessories that break no rule pass', async () => {
  (await check(`${HEAD}servers: [a]\naccessories:\n  db:\n    image: mysql\n    roles: [web]\n`))();
});

test.run();
