import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config/load.js';
import { presetFor } from '../../presets/index.js';
import { runEngine } from '../support/engine.js';

const example = fileURLToPath(new URL('../../presets/rails/example.yml', import.meta.url));

test("the rails example's db accessory boots on its host with Kamal's commands", async () => {
  const loaded = await loadConfig({ cwd: '/', configFile: example });
  const secrets = { GHCR_TOKEN: 'ghcr-token-1', POSTGRES_PASSWORD: 'pg-pass-2', RAILS_MASTER_KEY: 'mk', DATABASE_PASSWORD: 'db' };
  const { result, fake } = await runEngine({ plugins: [presetFor('rails')], config: loaded.config, graph: 'accessory boot', options: { name: 'db' }, secrets });
  assert.ok(result.ok, result.failures[0]?.error?.message);
  assert.equal(fake.commandsFor('10.0.0.4'), [
    'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal || docker network inspect kamal > /dev/null 2>&1',
    'docker ps --all --quiet --filter label=service=shop-db',
    'docker login ghcr.io -u acme-bot --password-stdin',
    'mkdir -p shop-db/data',
    'mkdir -p .kamal/apps/shop/env/accessories',
    'docker run --name shop-db --detach --restart unless-stopped --network kamal --log-opt max-size=10m --publish 127.0.0.1:5432:5432 ' +
      '--env KAMAL_HOST=10.0.0.4 --env-file .kamal/apps/shop/env/accessories/shop-db.env --volume "$PWD"/shop-db/data:/var/lib/postgresql/data ' +
      '--label service=shop-db postgres:16',
  ]);
  assert.equal(fake.uploads.map((u) => [u.host, u.path, u.mode.toString(8), u.content]), [['10.0.0.4', '.kamal/apps/shop/env/accessories/shop-db.env', '600', 'POSTGRES_PASSWORD=pg-pass-2\n']]);
});

test.run();
