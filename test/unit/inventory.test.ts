import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildInventory, filterHosts, roleNamesOf, rolesOf } from '../../core/inventory.js';

const servers = {
  job: { hosts: ['10.0.0.3', { '10.0.0.1': 'big' }] },
  web: ['10.0.0.1', { '10.0.0.2': ['eu', 'canary'] }],
};

test('a plain list is the web role', () => {
  assert.equal(buildInventory(['a', 'b'], 'web'), [
    { name: 'a', roles: ['web'], tags: [], primary: true },
    { name: 'b', roles: ['web'], tags: [], primary: true },
  ]);
});

test('primary role hosts come first, then other roles, each host once with all roles and tags', () => {
  const hosts = buildInventory(servers, 'web');
  assert.equal(hosts.map((h) => h.name), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  assert.equal(hosts[0], { name: '10.0.0.1', roles: ['web', 'job'], tags: ['big'], primary: true });
  assert.equal(hosts[1]!.tags, ['eu', 'canary']);
  assert.is(hosts[2]!.primary, false);
});

test('--roles with wildcards keeps hosts of those roles, and only those roles', () => {
  const hosts = filterHosts(buildInventory(servers, 'web'), { roles: 'j*' });
  assert.equal(hosts.map((h) => [h.name, h.roles]), [['10.0.0.1', ['job']], ['10.0.0.3', ['job']]]);
});

test('--hosts with wildcards and --primary', () => {
  const all = buildInventory(servers, 'web');
  assert.equal(filterHosts(all, { hosts: '10.0.0.2,*.3' }).map((h) => h.name), ['10.0.0.2', '10.0.0.3']);
  assert.equal(filterHosts(all, { primary: true }).map((h) => h.name), ['10.0.0.1']);
});

test('an empty match is an error naming what exists', () => {
  const all = buildInventory(servers, 'web');
  assert.throws(() => filterHosts(all, { roles: 'db' }), /--roles db matches no role \(roles: web, job\)/);
  assert.throws(() => filterHosts(all, { hosts: '192.*' }), /--hosts 192\.\* matches no host/);
  assert.throws(() => filterHosts(all, { roles: 'job', hosts: '10.0.0.2' }), /matches no host/);
});

test('role names alone are the names rolesOf gives, in config order', () => {
  for (const section of [servers, ['a', 'b'], { web: [], workers: { hosts: ['c'] } }, undefined]) {
    assert.equal(roleNamesOf(section), rolesOf(section).map((role) => role.name));
  }
  assert.equal(roleNamesOf(servers), ['job', 'web']);
  assert.equal(roleNamesOf(['a']), ['web']);
});

test.run();
