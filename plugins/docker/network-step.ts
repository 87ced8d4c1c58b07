/**
 * The per-host "ensure network" step every container that joins a Docker network waits for.
 * Proxy boot, app host setup and accessory boots used to each create the network themselves, in
 * parallel on a fresh host; Docker (20.10) can then end up with two networks of the same name,
 * after which every `docker network inspect kamal` fails as ambiguous. One step per network and
 * host, shared by every node that needs it, creates it once per run.
 */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { hostsForNode } from '../../core/graph/resolve.js';
import { NETWORK, ensureNetwork } from './commands.js';

const DOCKER_PLUGIN = 'docker';

/**
 * Makes `dependent` wait for the network step of `network`, adding the step on first use. The step
 * runs after every id in `after` (the graph's lock, typically), on each host where a node that
 * waits for it runs. Returns the step's id.
 */
export function requireNetwork(builder: GraphBuilder, dependent: string, after: readonly string[], network: string = NETWORK): string {
  const id = network === NETWORK ? 'docker:network' : `docker:network:${network}`;
  if (!builder.has(id)) builder.add(networkNode(builder, id, network));
  for (const anchor of after) builder.addDependency(id, anchor);
  builder.addDependency(dependent, id);
  return id;
}

function networkNode(builder: GraphBuilder, id: string, network: string): TaskNode {
  return {
    id,
    title: `network ${network}`,
    plugin: DOCKER_PLUGIN,
    dependsOn: [],
    scope: 'perHost',
    // The hosts of the nodes that wait for it (an anchor inherits the wait when a dependent is omitted).
    selectHosts: (ctx, _hosts) => hostsOfDependents(builder, id, ctx),
    run: async (env) => {
      await env.run(ensureNetwork(network));
    },
  };
}

function hostsOfDependents(builder: GraphBuilder, id: string, ctx: RunContext): Host[] {
  const hosts = new Map<string, Host>();
  for (const node of builder.all()) {
    if (node.anchor || node.scope !== 'perHost' || !node.dependsOn.includes(id)) continue;
    for (const host of hostsForNode(node, ctx)) hosts.set(host.name, host);
  }
  // The run's order first; accessory hosts outside the run's selection after.
  // A set of names, not a scan of the run's hosts per host: a 2,000-host run made that 2,000,000 comparisons.
  const inRun = ctx.hosts.filter((h) => hosts.has(h.name));
  const inRunNames = new Set(inRun.map((h) => h.name));
  const others = [...hosts.values()].filter((h) => !inRunNames.has(h.name));
  return [...inRun, ...others];
}
