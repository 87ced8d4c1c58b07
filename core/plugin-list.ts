/** `gantry plugins`: every active plugin, where it came from, and the nodes it puts into each graph. */
import type { Engine } from './engine.js';
import type { RunContext } from './graph/model.js';
import { resolveGraph } from './graph/resolve.js';
import { pluginOrigin } from './plugin.js';

export interface PluginListing {
  name: string;
  version: string;
  source: 'built-in' | 'package' | 'path';
  specifier?: string;
  /** Config section the plugin owns, if any. */
  section?: string;
  /** Node ids by graph name (graphs it adds nothing to are left out). */
  nodes: Record<string, string[]>;
}

/** `contextFor(graph)` gives a dry context per graph; a graph that cannot be drawn for this config is skipped. */
export function listPlugins(engine: Engine, gantryVersion: string, contextFor: (graph: string) => RunContext): PluginListing[] {
  const nodesByPlugin = new Map<string, Record<string, string[]>>();
  for (const graph of engine.graphDecls().keys()) {
    let nodes;
    try {
      const ctx = contextFor(graph);
      const { builder, decl, lineage } = engine.collect(graph, ctx);
      // As it will run: without the nodes it omits (rails:db-prepare in rollback) or does not need for its goals (build pull).
      nodes = resolveGraph(decl, builder, ctx, lineage).nodes;
    } catch {
      continue;
    }
    for (const node of nodes) {
      // Anchors are the core's.
      if (node.anchor) continue;
      const byGraph = nodesByPlugin.get(node.plugin) ?? {};
      (byGraph[graph] ??= []).push(node.id);
      nodesByPlugin.set(node.plugin, byGraph);
    }
  }
  return engine.plugins.map((plugin) => {
    const origin = pluginOrigin(plugin);
    return {
      name: plugin.name,
      version: origin.version ?? (origin.source === 'built-in' ? gantryVersion : 'unknown'),
      source: origin.source,
      ...(origin.specifier ? { specifier: origin.specifier } : {}),
      ...(plugin.config ? { section: plugin.config.name } : {}),
      nodes: nodesByPlugin.get(plugin.name) ?? {},
    };
  });
}

export function formatPluginList(listings: PluginListing[]): string {
  return listings
    .map((p) => {
      const head = `${p.name} ${p.version} (${p.source}${p.specifier ? ` ${p.specifier}` : ''})${p.section ? ` config: ${p.section}` : ''}`;
      const graphs = Object.entries(p.nodes).map(([graph, ids]) => `  ${graph}: ${ids.join(', ')}`);
      return [head, ...graphs].join('\n');
    })
    .join('\n')
    .concat('\n');
}
