import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { raw, toShell } from '../../../core/transport/quote.js';
import {
  assetVolumeArgs,
  assetVolumeDir,
  removeOtherAssetVersions,
  extractAssets,
  extractedAssetsDir,
  splitAssetPath,
  syncAssetVolumes,
} from '../../../plugins/assets/commands.js';

test('asset path and its volume options', () => {
  assert.equal(splitAssetPath('/rails/public/assets'), { path: '/rails/public/assets' });
  assert.equal(splitAssetPath('/rails/public/assets:ro'), { path: '/rails/public/assets', options: 'ro' });
  assert.equal(splitAssetPath('/public:ro,z'), { path: '/public', options: 'ro,z' });
});

test('directories per role and version', () => {
  assert.is(extractedAssetsDir('.kamal', { service: 'app' }, 'web', '999'), '.kamal/apps/app/assets/extracted/web-999');
  assert.is(assetVolumeDir('.kamal', { service: 'app', destination: 'staging' }, 'web', '999'), '.kamal/apps/app-staging/assets/volumes/web-999');
});

test('volume mounted over the asset path', () => {
  assert.equal(assetVolumeArgs('.kamal/apps/app/assets/volumes/web-999', splitAssetPath('/rails/public/assets:ro')), [
    '--volume',
    raw('"$PWD"/.kamal/apps/app/assets/volumes/web-999:/rails/public/assets:ro'),
  ]);
  assert.equal(assetVolumeArgs('/srv/assets/web-999', { path: '/public' }), ['--volume', '/srv/assets/web-999:/public']);
});

test('extract through a created container, clearing a leftover helper first', () => {
  assert.is(
    toShell(extractAssets({ containerPrefix: 'app-web', image: 'dhh/app:999', assetPath: '/rails/public/assets', extractedDir: '.kamal/apps/app/assets/extracted/web-999' })),
    'docker rm -f app-web-assets > /dev/null 2>&1 ; mkdir -p .kamal/apps/app/assets/extracted/web-999' +
      ' && docker container create --name app-web-assets dhh/app:999 true' +
      ' && docker cp -L app-web-assets:/rails/public/assets/. .kamal/apps/app/assets/extracted/web-999' +
      ' && docker rm -f app-web-assets',
  );
});

test('sync: new into new must work; the cross copies are best effort', () => {
  assert.is(toShell(syncAssetVolumes({ newExtracted: 'x/web-2', newVolume: 'v/web-2' })), 'mkdir -p v/web-2 && cp -rnT x/web-2 v/web-2');
  assert.is(
    toShell(syncAssetVolumes({ newExtracted: 'x/web-2', newVolume: 'v/web-2', oldExtracted: 'x/web-1', oldVolume: 'v/web-1' })),
    'mkdir -p v/web-2 && cp -rnT x/web-2 v/web-2 && ( cp -rnT x/web-2 v/web-1 || true ) && ( cp -rnT x/web-1 v/web-2 || true )',
  );
});

test('cleanup keeps the current version and other roles sharing the prefix', () => {
  assert.is(
    toShell(removeOtherAssetVersions({ runDir: '.kamal', scope: { service: 'app' }, role: 'web', keep: ['999'], otherRoles: ['web-admin', 'workers'] })),
    "find .kamal/apps/app/assets/extracted -maxdepth 1 -name 'web-*' '!' -name web-999 '!' -name 'web-admin-*' -exec rm -rf '{}' +" +
      " ; find .kamal/apps/app/assets/volumes -maxdepth 1 -name 'web-*' '!' -name web-999 '!' -name 'web-admin-*' -exec rm -rf '{}' +",
  );
});

test.run();
