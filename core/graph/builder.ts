/**
 * Collects the nodes that plugins contribute to one named graph. Plugins add nodes and attach
 * them to phase anchors; they may patch or remove nodes by id, but never depend on another
 * plugin's internal ids (only on anchors).
 */
import { GantryError } from '../errors.js';
import type { TaskNode } from './model.js';

export class GraphBuilder {
  private readonly nodes = new Map<string, TaskNode>();
  private readonly duplicates: string[] = [];

  add(node: TaskNode): this {
    if (this.nodes.has(node.id)) {
      const first = this.nodes.get(node.id)!;
      this.duplicates.push(`node "${node.id}" is declared by ${first.plugin} and again by ${node.plugin}`);
      return this;
    }
    this.nodes.set(node.id, { ...node, dependsOn: [...node.dependsOn] });
    return this;
  }

  /** Adds a body-less phase anchor. */
  anchor(id: string, dependsOn: string[] = [], plugin = 'core'): this {
    return this.add({ id, plugin, dependsOn, scope: 'local', anchor: true });
  }

  /** A per-host anchor: one instance per selected host, so a host passes it on its own. */
  hostAnchor(id: string, dependsOn: string[] = [], plugin = 'core'): this {
    return this.add({ id, plugin, dependsOn, scope: 'perHost', anchor: true });
  }

  /**
   * Puts a node into the slot between two anchors: it waits for `after` (plus its own
   * dependsOn) and `before` waits for it. The one way plugins attach; tap order never matters.
   */
  between(after: string, node: TaskNode, before: string): this {
    this.add({ ...node, dependsOn: unique([after, ...node.dependsOn]) });
    return this.addDependency(before, node.id);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  get(id: string): TaskNode | undefined {
    return this.nodes.get(id);
  }

  /** Changes fields of an existing node (e.g. a team's plugin retitles or re-scopes it). */
  patch(id: string, change: Partial<Omit<TaskNode, 'id'>>): this {
    const node = this.nodes.get(id);
    if (!node) throw new GantryError(`cannot patch unknown node "${id}"`);
    this.nodes.set(id, { ...node, ...change });
    return this;
  }

  /** Removes a node; its dependents inherit its dependencies so the order around it holds. */
  remove(id: string): this {
    const node = this.nodes.get(id);
    if (!node) return this;
    this.nodes.delete(id);
    for (const other of this.nodes.values()) {
      if (!other.dependsOn.includes(id)) continue;
      other.dependsOn = unique(other.dependsOn.flatMap((d) => (d === id ? node.dependsOn : [d])));
    }
    return this;
  }

  /**
   * Puts a node right after `anchorId`: it waits for the anchor, and everything that waited for
   * the anchor now waits for it (how hook scripts slot into a phase).
   */
  insertAfter(anchorId: string, node: TaskNode): this {
    if (!this.nodes.has(anchorId)) throw new GantryError(`cannot insert ${node.id} after unknown node "${anchorId}"`);
    for (const other of this.nodes.values()) {
      other.dependsOn = other.dependsOn.map((d) => (d === anchorId ? node.id : d));
    }
    return this.add({ ...node, dependsOn: unique([anchorId, ...node.dependsOn]) });
  }

  /** Makes `id` wait for `dependency` as well. */
  addDependency(id: string, dependency: string): this {
    const node = this.nodes.get(id);
    if (!node) throw new GantryError(`cannot add a dependency to unknown node "${id}"`);
    if (!node.dependsOn.includes(dependency)) node.dependsOn.push(dependency);
    return this;
  }

  all(): TaskNode[] {
    if (this.duplicates.length) throw new GantryError(`duplicate node ids:\n  ${this.duplicates.join('\n  ')}`);
    return [...this.nodes.values()];
  }
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
