import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BootCoordinator } from '../../../plugins/app/coordinator.js';
import { bootGroups } from '../../../plugins/app/groups.js';

/** The rejection message, or undefined when the promise resolved. */
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error.message);

const HOSTS = ['a', 'b', 'c', 'd', 'e'];

test('bootGroups: no limit is one group; a number slices; a percentage rounds down, at least 1', () => {
  assert.equal(bootGroups(HOSTS, undefined), [HOSTS]);
  assert.equal(bootGroups(HOSTS, 2), [['a', 'b'], ['c', 'd'], ['e']]);
  assert.equal(bootGroups(HOSTS, '40%'), [['a', 'b'], ['c', 'd'], ['e']]);
  assert.equal(bootGroups(HOSTS, '10%'), [['a'], ['b'], ['c'], ['d'], ['e']]);
  assert.equal(bootGroups([], 2), []);
});

test('coordinator: a host waits for its gate; the group ends when all its hosts left', async () => {
  const coordinator = new BootCoordinator([['a', 'b'], ['c']], true);
  const signal = new AbortController().signal;
  const order: string[] = [];
  const c = coordinator.enter('c', signal).then(() => order.push('c entered'));
  coordinator.open(0);
  await coordinator.enter('a', signal);
  const ended = coordinator.ended(0, signal).then(() => order.push('group 1 ended'));
  coordinator.leave('a', true);
  coordinator.leave('b', true);
  await ended;
  coordinator.open(1);
  await c;
  assert.equal(order, ['group 1 ended', 'c entered']);
});

test('coordinator: a failed host fails its group; halt releases every waiter with the reason', async () => {
  const coordinator = new BootCoordinator([['a'], ['b']], true);
  const signal = new AbortController().signal;
  coordinator.open(0);
  coordinator.leave('a', false);
  assert.is(await rejection(coordinator.ended(0, signal)), 'boot group 1 failed on a');
  const waiting = coordinator.enter('b', signal);
  coordinator.halt('app:boot on a failed');
  assert.is(await rejection(waiting), 'not booted: app:boot on a failed');
});

test('coordinator: ungated (dry run) hosts never wait', async () => {
  assert.is(await rejection(new BootCoordinator([['a'], ['b']], false).enter('b', new AbortController().signal)), undefined);
});

test('coordinator: an abort ends a wait', async () => {
  const controller = new AbortController();
  const waiting = new BootCoordinator([['a']], true).enter('a', controller.signal);
  controller.abort();
  assert.is(await rejection(waiting), 'interrupted');
});

test.run();
