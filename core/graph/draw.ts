/** Renders a resolved graph for people (text), docs (mermaid, dot) and tools (json). */
import type { ResolvedGraph, TaskInstance } from './model.js';

export type GraphFormat = 'text' | 'mermaid' | 'dot' | 'json';
export const GRAPH_FORMATS: GraphFormat[] = ['text', 'mermaid', 'dot', 'json'];

export function drawGraph(graph: ResolvedGraph, format: GraphFormat): string {
  switch (format) {
    case 'text':
      return drawText(graph);
    case 'mermaid':
      return drawMermaid(graph);
    case 'dot':
      return drawDot(graph);
    case 'json':
      return JSON.stringify(toJson(graph), null, 2);
  }
}

function label(instance: TaskInstance): string {
  const title = instance.node.title ?? instance.node.id;
  return instance.host ? `${title} · ${instance.host.name}` : title;
}

function drawText(graph: ResolvedGraph): string {
  const lines = [`${graph.decl.name}: ${graph.decl.description}`];
  for (const node of graph.nodes) {
    const instances = graph.instances.filter((i) => i.node === node);
    const where = node.anchor ? 'anchor' : node.scope === 'local' ? 'local' : instances.map((i) => i.host!.name).join(', ') || 'no host';
    const when = node.when && node.when !== 'success' ? ` [${node.when}]` : '';
    const after = node.dependsOn.length ? `  ← ${node.dependsOn.join(', ')}` : '';
    lines.push(`${node.anchor ? '◇' : '●'} ${node.id}${when} (${node.plugin}; ${where})${after}`);
  }
  return lines.join('\n');
}

function mermaidId(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

function drawMermaid(graph: ResolvedGraph): string {
  const lines = ['flowchart TD'];
  for (const i of graph.instances) {
    const text = label(i).replace(/"/g, "'");
    lines.push(i.node.anchor ? `  ${mermaidId(i.key)}{{"${text}"}}` : `  ${mermaidId(i.key)}["${text}"]`);
  }
  for (const i of graph.instances) for (const d of i.dependsOn) lines.push(`  ${mermaidId(d)} --> ${mermaidId(i.key)}`);
  return lines.join('\n');
}

function drawDot(graph: ResolvedGraph): string {
  const quote = (s: string) => JSON.stringify(s);
  const lines = [`digraph ${quote(graph.decl.name)} {`, '  rankdir=TB;', '  node [shape=box, fontname="sans-serif"];'];
  for (const i of graph.instances) {
    lines.push(`  ${quote(i.key)} [label=${quote(label(i))}${i.node.anchor ? ', shape=diamond' : ''}];`);
  }
  for (const i of graph.instances) for (const d of i.dependsOn) lines.push(`  ${quote(d)} -> ${quote(i.key)};`);
  lines.push('}');
  return lines.join('\n');
}

function toJson(graph: ResolvedGraph) {
  return {
    name: graph.decl.name,
    description: graph.decl.description,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      title: n.title ?? n.id,
      plugin: n.plugin,
      scope: n.scope,
      when: n.when ?? 'success',
      anchor: Boolean(n.anchor),
      dependsOn: n.dependsOn,
    })),
    instances: graph.instances.map((i) => ({ key: i.key, node: i.node.id, host: i.host?.name ?? null, dependsOn: i.dependsOn })),
  };
}
