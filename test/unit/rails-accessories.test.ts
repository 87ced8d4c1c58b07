import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { accessoryDefaults, withAccessoryDefaults } from '../../plugins/rails/accessories.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runCli } from '../support/cli.js';
import { tempProject } from './config/temp-project.js';

const HEAD = 'service: shop\nimage: acme/shop\nservers:\n  web: [10.0.0.1, 10.0.0.2]\n  jobs: [10.0.0.3]\nregistry:\n  server: localhost:5555\n';
const config = (accessories: NonNullable<GantryConfig['accessories']>) =>
  ({ service: 'shop', image: 'acme/shop', servers: { web: ['10.0.0.1', '10.0.0.2'], jobs: ['10.0.0.3'] }, accessories }) as GantryConfig;

test('db defaults follow the image: Postgres, MySQL/MariaDB; redis has its own; other names and images get none', () => {
  assert.equal(accessoryDefaults('db', 'postgres:16'), { port: '127.0.0.1:5432:5432', env: { secret: ['POSTGRES_PASSWORD'] }, directories: ['data:/var/lib/postgresql/data'] });
  assert.equal(accessoryDefaults('db', 'docker.io/library/mysql:8.0'), {
    port: '127.0.0.1:3306:3306',
    env: { clear: { MYSQL_ROOT_HOST: '%' }, secret: ['MYSQL_ROOT_PASSWORD'] },
    directories: ['data:/var/lib/mysql'],
  });
  assert.equal(accessoryDefaults('db', 'mariadb:11')?.port, '127.0.0.1:3306:3306');
  assert.equal(accessoryDefaults('redis', 'redis:7.0'), { port: '127.0.0.1:6379:6379', directories: ['data:/data'] });
  assert.is(accessoryDefaults('db', 'mongo:7'), undefined);
  assert.is(accessoryDefaults('cache', 'redis:7.0'), undefined);
});

test('an image-only db lands on the primary host; keys and placement the config sets are kept', () => {
  const out = withAccessoryDefaults(
    config({ db: { image: 'postgres:16' }, redis: { image: 'redis:7', role: 'jobs', port: 6380 }, search: { image: 'elasticsearch:8', host: '10.0.0.3' } }),
  );
  assert.equal(out.accessories, {
    db: { host: '10.0.0.1', port: '127.0.0.1:5432:5432', env: { secret: ['POSTGRES_PASSWORD'] }, directories: ['data:/var/lib/postgresql/data'], image: 'postgres:16' },
    redis: { directories: ['data:/data'], image: 'redis:7', role: 'jobs', port: 6380 },
    search: { image: 'elasticsearch:8', host: '10.0.0.3' },
  });
});

test('the placement rule sees the preset defaults: an image-only db and redis pass with preset: rails, and not without', async () => {
  const accessories = 'accessories:\n  db:\n    image: mysql:8.0\n  redis:\n    image: redis:7.0\n';
  const rails = join(tempProject({ 'gantry.yml': `preset: rails\n${HEAD}${accessories}` }), 'gantry.yml');
  const shown = await runCli(['-c', rails, 'config', '--json']);
  assert.is(shown.code, 0, shown.stderr);
  const resolved = JSON.parse(shown.stdout).config.accessories;
  assert.equal([resolved.db.host, resolved.db.port, resolved.db.env, resolved.redis.host], ['10.0.0.1', '127.0.0.1:3306:3306', { clear: { MYSQL_ROOT_HOST: '%' }, secret: ['MYSQL_ROOT_PASSWORD'] }, '10.0.0.1']);
  const boot = await runCli(['-c', rails, 'accessory', 'boot', 'redis', '--dry-run']);
  assert.is(boot.code, 0, boot.stderr);
  assert.match(boot.stdout, /# 10\.0\.0\.1[\s\S]*docker run --name shop-redis .*--publish 127\.0\.0\.1:6379:6379 .*\/shop-redis\/data:\/data .*redis:7\.0/);

  const base = join(tempProject({ 'gantry.yml': `${HEAD}${accessories}` }), 'gantry.yml');
  const refused = await runCli(['-c', base, 'config']);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /gantry\.yml:9:3 accessories\.db: set exactly one of host, hosts, role, roles, tag, tags/);
});

test.run();
