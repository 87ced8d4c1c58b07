import type { ResolvedGraph } from './model.js';

/** The hosts a graph sends work to (its per-host and once nodes), in first-seen order. */
export function hostsReached(graph: ResolvedGraph): string[] {
  const hosts = new Set<string>();
  for (const { node, host } of graph.instances) if (host && !node.anchor && node.scope !== 'local') hosts.add(host.name);
  return [...hosts];
}
