/**
 * Turns the nodes plugins contributed into what runs: omit (with bridging), the goals'
 * transitive closure, checks (unknown dependencies, cycles), a stable topological order, and
 * the fan-out of perHost/once nodes into per-host instances.
 */
import { GantryError } from '../errors.js';
import { matchesGlob } from '../glob.js';
import type { Host } from '../hosts.js';
import { GraphBuilder, unique } from './builder.js';
import { IndexQueue } from './index-queue.js';
import type { GraphDecl, ResolvedGraph, RunContext, TaskInstance, TaskNode } from './model.js';

/** `lineage`: the graph and the graphs it extends, for nodes that declare `omitFrom`. */
export function resolveGraph(decl: GraphDecl, builder: GraphBuilder, ctx: RunContext, lineage: readonly string[] = [decl.name]): ResolvedGraph {
  const all = builder.all();
  checkUnknownDependencies(all);
  for (const node of all) if (isOmitted(node, decl, lineage)) builder.remove(node.id);
  const byId = new Map(builder.all().map((n) => [n.id, n]));
  const missingGoals = decl.goals.filter((g) => !byId.has(g));
  if (missingGoals.length) {
    throw new GantryError(`graph "${decl.name}" has goals no plugin provides: ${missingGoals.join(', ')}`);
  }
  const nodes = topologicalOrder(closure(decl.goals, byId), byId);
  return { decl, nodes, instances: fanOut(nodes, ctx) };
}

/** A node the graph leaves out: it names the graph (or one it extends) in `omitFrom`, or the graph's `omit` matches it. */
export function isOmitted(node: TaskNode, decl: GraphDecl, lineage: readonly string[]): boolean {
  return Boolean(node.omitFrom?.some((graph) => lineage.includes(graph)) || decl.omit?.some((pattern) => matchesPattern(node.id, pattern)));
}

/** `id`, `prefix:*` or any `*` wildcard. */
export function matchesPattern(id: string, pattern: string): boolean {
  return matchesGlob(id, pattern);
}

function checkUnknownDependencies(nodes: TaskNode[]): void {
  const ids = new Set(nodes.map((n) => n.id));
  const problems = nodes.flatMap((n) =>
    n.dependsOn.filter((d) => !ids.has(d)).map((d) => `node "${n.id}" (plugin ${n.plugin}) depends on unknown node "${d}"`),
  );
  if (problems.length) throw new GantryError(problems.join('\n'));
}

/**
 * The goals and everything they need, plus nodes hanging after that set (a node whose
 * dependencies are all in it, such as a post-deploy hook after the final anchor).
 */
function closure(goals: string[], byId: Map<string, TaskNode>): Set<string> {
  const seen = new Set<string>();
  const stack = [...goals];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...byId.get(id)!.dependsOn);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const node of byId.values()) {
      if (seen.has(node.id) || !node.dependsOn.length || !node.dependsOn.every((d) => seen.has(d))) continue;
      if (isAfterGoal(node, goals, byId, new Set())) {
        seen.add(node.id);
        grew = true;
      }
    }
  }
  return seen;
}

function isAfterGoal(node: TaskNode, goals: string[], byId: Map<string, TaskNode>, visited: Set<string>): boolean {
  if (visited.has(node.id)) return false; // a cycle: reported by the ordering step
  visited.add(node.id);
  return node.dependsOn.some((d) => goals.includes(d) || isAfterGoal(byId.get(d)!, goals, byId, visited));
}

/** Kahn's algorithm, keeping declaration order among ready nodes; a cycle is reported with its path. */
function topologicalOrder(ids: Set<string>, byId: Map<string, TaskNode>): TaskNode[] {
  const declared = [...byId.values()].filter((n) => ids.has(n.id));
  const position = new Map(declared.map((n, i) => [n.id, i]));
  const missing = declared.map((n) => new Set(n.dependsOn).size);
  const dependents = declared.map((): number[] => []);
  declared.forEach((node, index) => {
    for (const dep of new Set(node.dependsOn)) {
      const at = position.get(dep);
      if (at !== undefined) dependents[at]!.push(index);
    }
  });
  const ready = new IndexQueue();
  missing.forEach((count, index) => count === 0 && ready.push(index));
  const order: TaskNode[] = [];
  const placed = new Set<string>();
  for (let index = ready.pop(); index !== undefined; index = ready.pop()) {
    order.push(declared[index]!);
    placed.add(declared[index]!.id);
    for (const dependent of dependents[index]!) if (--missing[dependent]! === 0) ready.push(dependent);
  }
  if (order.length < declared.length) {
    throw new GantryError(`dependency cycle: ${findCycle(declared.filter((n) => !placed.has(n.id)), byId).join(' → ')}`);
  }
  return order;
}

function findCycle(remaining: TaskNode[], byId: Map<string, TaskNode>): string[] {
  const inRemaining = new Set(remaining.map((n) => n.id));
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): string[] | undefined => {
    if (onPath.has(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return undefined;
    path.push(id);
    onPath.add(id);
    for (const dep of byId.get(id)!.dependsOn.filter((d) => inRemaining.has(d))) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(id);
    done.add(id);
    return undefined;
  };
  for (const node of remaining) {
    const cycle = visit(node.id);
    if (cycle) return cycle.reverse();
  }
  return remaining.map((n) => n.id);
}

/** The hosts a perHost/once node runs on, in the run's order (primary role's hosts first). */
export function hostsForNode(node: TaskNode, ctx: RunContext): readonly Host[] {
  const byRole = node.roles ? ctx.hosts.filter((h) => h.roles.some((r) => node.roles!.includes(r))) : ctx.hosts;
  const selected = node.selectHosts ? node.selectHosts(ctx, byRole) : byRole;
  return node.scope === 'once' ? selected.slice(0, 1) : selected;
}

function fanOut(nodes: TaskNode[], ctx: RunContext): TaskInstance[] {
  const instancesOf = new Map<string, TaskInstance[]>();
  // Per node, its instances by host name: one lookup per edge, not a scan of every host.
  const byHost = new Map<string, Map<string, TaskInstance>>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const instances: TaskInstance[] = [];

  // Pass-through answers, per dependency and host: a chain of steps a host skips is walked once.
  const bridged = new Map<string, string[]>();
  const bridge = (dep: TaskNode, host: Host | undefined): string[] => {
    const memo = `${dep.id}\0${host?.name ?? ''}`;
    let keys = bridged.get(memo);
    if (!keys) bridged.set(memo, (keys = dependencyKeys(dep, host)));
    return keys;
  };

  // Indexed loops below: this runs once per instance and edge (tens of thousands), mostly before
  // the optimizing compiler has caught up, where for…of allocates at every step.
  const pushAll = (out: string[], keys: readonly string[]): void => {
    for (let k = 0; k < keys.length; k++) out.push(keys[k]!);
  };

  // Adds the instance keys that stand for "dependency done" from the point of view of one host.
  const addCompletionKeys = (out: string[], depId: string, host: Host | undefined): void => {
    const dep = byId.get(depId)!;
    if (dep.scope === 'perHost' && host) {
      const same = byHost.get(depId)!.get(host.name);
      if (same) out.push(same.key);
      // A per-host step that does not run on this host holds nothing here (a worker host never
      // waits for the web hosts' asset extraction): bridge to its own dependencies.
      else pushAll(out, bridge(dep, host));
      return;
    }
    const own = instancesOf.get(depId)!;
    if (own.length) for (let i = 0; i < own.length; i++) out.push(own[i]!.key);
    // The dependency runs nowhere: bridge to its own dependencies.
    else pushAll(out, bridge(dep, host));
  };

  // The distinct keys a node's instance on `host` waits for, in the order its dependencies give them.
  const dependencyKeys = (node: TaskNode, host: Host | undefined): string[] => {
    const out: string[] = [];
    const { dependsOn } = node;
    for (let d = 0; d < dependsOn.length; d++) addCompletionKeys(out, dependsOn[d]!, host);
    return out.length < 2 ? out : withoutRepeats(out);
  };

  for (const node of nodes) {
    const hosts: readonly (Host | undefined)[] = node.scope === 'local' ? [undefined] : hostsForNode(node, ctx);
    const perHost = node.scope === 'perHost';
    const mine: TaskInstance[] = [];
    const mineByHost = new Map<string, TaskInstance>();
    for (let h = 0; h < hosts.length; h++) {
      const host = hosts[h];
      const instance: TaskInstance = {
        key: host ? `${node.id}@${host.name}` : node.id,
        node,
        host,
        dependsOn: dependencyKeys(node, perHost ? host : undefined),
      };
      mine.push(instance);
      if (host) mineByHost.set(host.name, instance);
      instances.push(instance);
    }
    instancesOf.set(node.id, mine);
    byHost.set(node.id, mineByHost);
  }
  return instances;
}

/** The first of each key, in order; a short list (the usual case) is checked without a Set. */
function withoutRepeats(keys: string[]): string[] {
  if (keys.length > 16) return unique(keys);
  const out: string[] = [];
  for (let k = 0; k < keys.length; k++) if (!out.includes(keys[k]!)) out.push(keys[k]!);
  return out;
}
