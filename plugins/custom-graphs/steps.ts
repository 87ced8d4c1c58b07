/** Turning config steps into task nodes. */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { GraphDecl, TaskNode } from '../../core/graph/model.js';
import { matchesPattern } from '../../core/graph/resolve.js';
import { raw } from '../../core/transport/quote.js';

export interface CustomStep {
  id: string;
  run?: string;
  node?: string;
  graph?: string;
  roles?: string[];
  hosts?: string[];
  dependsOn?: string[];
}

/** A `run:` step: the user's shell command, as written, on every selected host. */
export function stepNode(step: CustomStep, dependsOn: string[]): TaskNode {
  const command = step.run!;
  return {
    id: step.id,
    title: step.id,
    plugin: 'custom-graphs',
    dependsOn,
    scope: 'perHost',
    roles: step.roles,
    selectHosts: step.hosts ? (_ctx, hosts) => hosts.filter((h) => step.hosts!.some((p) => matchesPattern(h.name, p))) : undefined,
    run: async (env) => {
      await env.run([raw(command)]);
    },
  };
}

/**
 * Copies every node of another graph into this one under `<prefix>/`, its start waiting for
 * `dependsOn`. Returns the id standing for "that graph is done".
 */
export function prefixedCopy(
  included: { builder: GraphBuilder; decl: GraphDecl; lineage: readonly string[] },
  prefix: string,
  dependsOn: string[],
  target: GraphBuilder,
): string {
  const { builder: source, decl, lineage } = included;
  const rename = (id: string) => `${prefix}/${id}`;
  for (const node of source.all()) {
    const omitted = node.omitFrom?.some((graph) => lineage.includes(graph)) || decl.omit?.some((pattern) => matchesPattern(node.id, pattern));
    if (omitted) source.remove(node.id);
  }
  for (const node of source.all()) {
    const own = node.dependsOn.map(rename);
    target.add({ ...node, id: rename(node.id), dependsOn: own.length ? own : dependsOn });
  }
  return rename(decl.goals[0]!);
}
