import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootGroups } from '../../../plugins/app/groups.js';

const HOSTS = ['a', 'b', 'c', 'd', 'e'];

test('bootGroups: no limit is one group; a number slices; a percentage rounds down, at least 1', () => {
  assert.equal(bootGroups(HOSTS, undefined), [HOSTS]);
  assert.equal(bootGroups(HOSTS, 2), [['a', 'b'], ['c', 'd'], ['e']]);
  assert.equal(bootGroups(HOSTS, '40%'), [['a', 'b'], ['c', 'd'], ['e']]);
  assert.equal(bootGroups(HOSTS, '10%'), [['a'], ['b'], ['c'], ['d'], ['e']]);
  assert.equal(bootGroups([], 2), []);
});

test.run();
