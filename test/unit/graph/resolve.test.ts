import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder } from '../../../core/graph/builder.js';
import { matchesPattern, resolveGraph } from '../../../core/graph/resolve.js';
import type { GraphDecl, TaskNode } from '../../../core/graph/model.js';
import { context, host } from '../../support/context.js';

const hosts = [host('a', ['web'], true), host('b', ['web']), host('c', ['job'])];
const ctx = context(hosts);

function node(id: string, dependsOn: string[] = [], extra: Partial<TaskNode> = {}): TaskNode {
  return { id, plugin: 'test', dependsOn, scope: 'local', ...extra };
}

function decl(goals: string[], omit?: string[]): GraphDecl {
  return { name: 'g', description: 'test graph', goals, omit };
}

function build(...nodes: TaskNode[]): GraphBuilder {
  const builder = new GraphBuilder();
  for (const n of nodes) builder.add(n);
  return builder;
}

test('the run is the goals plus their transitive dependencies, in dependency order', () => {
  const graph = resolveGraph(decl(['d']), build(node('a'), node('unrelated'), node('b', ['a']), node('c', ['b']), node('d', ['c', 'a'])), ctx);
  assert.equal(graph.nodes.map((n) => n.id), ['a', 'b', 'c', 'd']);
});

test('omitting a node bridges its dependents to its dependencies', () => {
  const graph = resolveGraph(decl(['c'], ['b']), build(node('a'), node('b', ['a']), node('c', ['b'])), ctx);
  assert.equal(graph.nodes.map((n) => n.id), ['a', 'c']);
  assert.equal(graph.nodes[1]!.dependsOn, ['a']);
});

test('omit patterns take prefix wildcards', () => {
  const graph = resolveGraph(decl(['end'], ['prune:*']), build(node('start'), node('prune:containers', ['start']), node('prune:images', ['prune:containers']), node('end', ['prune:images'])), ctx);
  assert.equal(graph.nodes.map((n) => n.id), ['start', 'end']);
  assert.ok(matchesPattern('proxy:boot', 'proxy:boot*'));
  assert.not.ok(matchesPattern('app:boot', 'proxy:*'));
});

test('a cycle is reported with its path', () => {
  assert.throws(() => resolveGraph(decl(['c']), build(node('a', ['c']), node('b', ['a']), node('c', ['b'])), ctx), /dependency cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/);
});

test('an unknown dependency names the plugin that declared it', () => {
  assert.throws(() => resolveGraph(decl(['a']), build(node('a', ['missing'], { plugin: 'registry' })), ctx), /node "a" \(plugin registry\) depends on unknown node "missing"/);
});

test('a duplicate id names both plugins', () => {
  const builder = build(node('a', [], { plugin: 'one' }), node('a', [], { plugin: 'two' }));
  assert.throws(() => resolveGraph(decl(['a']), builder, ctx), /node "a" is declared by one and again by two/);
});

test('a goal nobody provides is an error', () => {
  assert.throws(() => resolveGraph(decl(['nope']), build(node('a')), ctx), /goals no plugin provides: nope/);
});

test('perHost nodes fan out per host and depend on the same host only', () => {
  const graph = resolveGraph(
    decl(['join']),
    build(
      node('pull', [], { scope: 'perHost' }),
      node('boot', ['pull'], { scope: 'perHost', roles: ['web'] }),
      node('join', ['boot']),
    ),
    ctx,
  );
  const byKey = Object.fromEntries(graph.instances.map((i) => [i.key, i.dependsOn]));
  assert.equal(Object.keys(byKey), ['pull@a', 'pull@b', 'pull@c', 'boot@a', 'boot@b', 'join']);
  assert.equal(byKey['boot@a'], ['pull@a']);
  assert.equal(byKey['boot@b'], ['pull@b']);
  assert.equal(byKey['join'], ['boot@a', 'boot@b']);
});

test('a once node runs on the first selected host, and a node with no host is bridged over', () => {
  const graph = resolveGraph(
    decl(['after']),
    build(
      node('start'),
      node('lock', ['start'], { scope: 'once' }),
      node('db', ['lock'], { scope: 'perHost', roles: ['db'] }),
      node('after', ['db']),
    ),
    ctx,
  );
  const byKey = Object.fromEntries(graph.instances.map((i) => [i.key, i.dependsOn]));
  assert.equal(byKey['lock@a'], ['start']);
  assert.equal(byKey['after'], ['lock@a']);
  assert.not.ok('db@a' in byKey);
});

test('selectHosts narrows the hosts after roles', () => {
  const graph = resolveGraph(
    decl(['x']),
    build(node('x', [], { scope: 'perHost', selectHosts: (_c, hs) => hs.filter((h) => h.name !== 'b') })),
    ctx,
  );
  assert.equal(graph.instances.map((i) => i.key), ['x@a', 'x@c']);
});

test('nodes hanging after a goal run too; unrelated nodes do not', () => {
  const graph = resolveGraph(decl(['done']), build(node('done'), node('post', ['done']), node('post2', ['post']), node('other')), ctx);
  assert.equal(graph.nodes.map((n) => n.id), ['done', 'post', 'post2']);
});

test('insertAfter slots a node into a phase', () => {
  const builder = build(node('start'), node('work', ['start']));
  builder.insertAfter('start', node('hook'));
  const graph = resolveGraph(decl(['work']), builder, ctx);
  assert.equal(graph.nodes.map((n) => [n.id, n.dependsOn]), [['start', []], ['hook', ['start']], ['work', ['hook']]]);
});

test('hosts outside a role pass through its per-host step: one edge per host, never one per pair', () => {
  const many = [...Array.from({ length: 8 }, (_, i) => host(`w${i}`, ['web'], i === 0)), ...Array.from({ length: 8 }, (_, i) => host(`j${i}`, ['job']))];
  const graph = resolveGraph(
    decl(['boot']),
    build(node('start'), node('pull', ['start'], { scope: 'perHost', roles: ['web'] }), node('boot', ['pull'], { scope: 'perHost' })),
    context(many),
  );
  const byKey = Object.fromEntries(graph.instances.map((i) => [i.key, i.dependsOn]));
  assert.equal(byKey['boot@w3'], ['pull@w3']);
  assert.equal(byKey['boot@j5'], ['start']);
  assert.is(graph.instances.reduce((edges, i) => edges + i.dependsOn.length, 0), 8 + 16);
});

test.run();
