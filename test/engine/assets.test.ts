import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../../core/plugin.js';
import { DEPLOY } from '../../core/graph/named.js';
import type { GantryConfig } from '../../schemas/index.js';
import { runEngine } from '../support/engine.js';
import { assetsPlugin } from '../../plugins/assets/index.js';
import { getAppHooks } from '../../plugins/app/api.js';

// Stands in for the app plugin's boot: runs with the asset volume, then cleans up.
const bootPlugin = definePlugin({
  name: 'test-boot',
  apply(engine) {
    const app = getAppHooks(engine);
    engine.hooks.graph.for('deploy').tap('test-boot', (builder) => {
      builder.between(DEPLOY.ready, {
        id: 'test:boot',
        plugin: 'test-boot',
        scope: 'perHost',
        run: async (env) => {
          for (const role of env.host!.roles) {
            const boot = { env, role, version: env.ctx.version };
            const volume = await app.containerRunArgs.promise([], boot);
            await env.run(['docker', 'run', role, ...volume]);
            await app.oldContainerStopped.promise(boot);
          }
        },
        // Per host, after that host's preparation (as the app's boot).
        dependsOn: [DEPLOY.prepared],
      }, DEPLOY.booted);
    });
  },
});

const servers = { web: { hosts: ['h1'] }, jobs: { hosts: ['h2'], asset_path: '/ignored' } } as GantryConfig['servers'];
const assetsDir = '.kamal/apps/app-staging/assets';

test('extract, merge both ways with the running version, mount, then keep only the two versions', async () => {
  const { result, fake } = await runEngine({
    plugins: [bootPlugin, assetsPlugin],
    config: { servers, asset_path: '/app/public/assets:ro' },
    destination: 'staging',
    graph: 'deploy',
    script: (f) => f.respond("--format '{{.Names}}'", { stdout: 'app-web-staging-v1\n' }),
  });
  assert.ok(result.ok);
  const h1 = fake.commandsFor('h1');
  assert.is(
    h1[0],
    'docker rm -f app-web-staging-assets > /dev/null 2>&1 ; mkdir -p .kamal/apps/app-staging/assets/extracted/web-v2 && ' +
      'docker container create --name app-web-staging-assets acme/app:v2 true && ' +
      'docker cp -L app-web-staging-assets:/app/public/assets/. .kamal/apps/app-staging/assets/extracted/web-v2 && docker rm -f app-web-staging-assets',
  );
  assert.is(
    h1[1],
    "docker ps --latest --filter label=service=app --filter label=destination=staging --filter label=role=web --filter status=running --format '{{.Names}}'",
  );
  assert.is(
    h1[2],
    `mkdir -p ${assetsDir}/volumes/web-v2 && cp -rnT ${assetsDir}/extracted/web-v2 ${assetsDir}/volumes/web-v2 && ` +
      `( cp -rnT ${assetsDir}/extracted/web-v2 ${assetsDir}/volumes/web-v1 || true ) && ( cp -rnT ${assetsDir}/extracted/web-v1 ${assetsDir}/volumes/web-v2 || true )`,
  );
  assert.is(h1[3], `docker run web --volume "$PWD"/${assetsDir}/volumes/web-v2:/app/public/assets:ro`);
  assert.match(h1[4]!, `find ${assetsDir}/extracted -maxdepth 1 -name 'web-*' '!' -name web-v2 '!' -name web-v1 -exec rm -rf`);
  // jobs is not proxied: no bridging, no volume, no cleanup.
  assert.equal(fake.commandsFor('h2'), ['docker run jobs']);
});

test('a first deploy only fills the new volume', async () => {
  const { fake } = await runEngine({ plugins: [bootPlugin, assetsPlugin], config: { servers: ['h1'], asset_path: '/assets' }, graph: 'deploy' });
  const h1 = fake.commandsFor('h1');
  assert.is(h1[2], 'mkdir -p .kamal/apps/app/assets/volumes/web-v2 && cp -rnT .kamal/apps/app/assets/extracted/web-v2 .kamal/apps/app/assets/volumes/web-v2');
  assert.match(h1[4]!, "'!' -name web-v2 -exec rm -rf");
});

test.run();
