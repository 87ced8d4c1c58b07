import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import { removeOtherAssetVersions } from '../../../plugins/assets/commands.js';

test('keeps the new and the replaced version, never a lookalike role', () => {
  const cmd = removeOtherAssetVersions({ runDir: '.kamal', scope: { service: 'app', destination: 'staging' }, role: 'web', keep: ['v2', 'v1'], otherRoles: ['web-admin', 'jobs'] });
  const find = (kind: string) =>
    `find .kamal/apps/app-staging/assets/${kind} -maxdepth 1 -name 'web-*' '!' -name web-v2 '!' -name web-v1 '!' -name 'web-admin-*' -exec rm -rf '{}' +`;
  assert.is(toShell(cmd), `${find('extracted')} ; ${find('volumes')}`);
});

test.run();
