import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  appFilters,
  appLabelArgs,
  containerHostname,
  containerName,
  containerPrefix,
  replacedVersion,
  serviceAndDestination,
  versionFromContainerName,
} from '../../../plugins/app/naming.js';
import { appDirectory, envDirectory, envFilePath } from '../../../plugins/app/paths.js';

const web = { service: 'app', role: 'web' };
const staging = { service: 'app', role: 'web', destination: 'staging' };

test('container names', () => {
  assert.is(containerPrefix(web), 'app-web');
  assert.is(containerPrefix(staging), 'app-web-staging');
  assert.is(containerName(web, '999'), 'app-web-999');
  assert.is(containerName(staging, '999'), 'app-web-staging-999');
  assert.is(containerName(web, replacedVersion('999', '0123456789abcdef')), 'app-web-999_replaced_0123456789abcdef');
  assert.is(serviceAndDestination(web), 'app');
  assert.is(serviceAndDestination(staging), 'app-staging');
});

test('version from a container name', () => {
  assert.is(versionFromContainerName(web, 'app-web-999'), '999');
  assert.is(versionFromContainerName(web, 'app-web-abc_replaced_01'), 'abc_replaced_01');
  assert.is(versionFromContainerName(staging, 'app-web-staging-999'), '999');
  assert.is(versionFromContainerName(web, 'other-web-999'), undefined);
  assert.is(versionFromContainerName(web, 'app-web-'), undefined);
});

test('hostname: the host cut to 51 characters, without trailing dots, plus hex', () => {
  assert.is(containerHostname('1.1.1.1', 'abcdef012345'), '1.1.1.1-abcdef012345');
  const long = `${'a'.repeat(50)}.example.com`;
  assert.is(containerHostname(long, 'abcdef012345'), `${'a'.repeat(50)}-abcdef012345`);
});

test('labels: destination is set empty without one', () => {
  assert.equal(appLabelArgs(web), ['--label', 'service=app', '--label', 'role=web', '--label', 'destination']);
  assert.equal(appLabelArgs(staging), ['--label', 'service=app', '--label', 'role=web', '--label', 'destination=staging']);
});

test('filters: an empty destination matches only containers without one', () => {
  assert.equal(appFilters({ service: 'app' }), ['label=service=app', 'label=destination=']);
  assert.equal(appFilters(staging, ['running', 'restarting']), [
    'label=service=app',
    'label=destination=staging',
    'label=role=web',
    'status=running',
    'status=restarting',
  ]);
});

test('paths under the run directory', () => {
  assert.is(appDirectory('.kamal', { service: 'app' }), '.kamal/apps/app');
  assert.is(envDirectory('.kamal', { service: 'app', destination: 'staging' }), '.kamal/apps/app-staging/env/roles');
  assert.is(envFilePath('.kamal', { service: 'app' }, 'web'), '.kamal/apps/app/env/roles/web.env');
});

test.run();
