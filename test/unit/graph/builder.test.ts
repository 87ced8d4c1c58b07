import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder } from '../../../core/graph/builder.js';

test('remove rewires dependents to the removed node dependencies', () => {
  const b = new GraphBuilder().anchor('start').anchor('mid', ['start']).anchor('end', ['mid', 'start']);
  b.remove('mid');
  assert.equal(b.get('end')!.dependsOn, ['start']);
});

test('patch changes a node and refuses unknown ones', () => {
  const b = new GraphBuilder().anchor('a');
  b.patch('a', { title: 'Start' });
  assert.is(b.get('a')!.title, 'Start');
  assert.throws(() => b.patch('zzz', { title: 'x' }), /unknown node "zzz"/);
});

test('addDependency adds once', () => {
  const b = new GraphBuilder().anchor('a').anchor('b');
  b.addDependency('b', 'a').addDependency('b', 'a');
  assert.equal(b.get('b')!.dependsOn, ['a']);
});

test('added nodes are copies: changing the builder does not change the caller object', () => {
  const node = { id: 'x', plugin: 't', dependsOn: [] as string[], scope: 'local' as const };
  const b = new GraphBuilder().anchor('a').add(node);
  b.addDependency('x', 'a');
  assert.equal(node.dependsOn, []);
});

test.run();
