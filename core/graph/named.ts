/**
 * The built-in named graphs, declared as data, and the phase anchors the core puts in each.
 * Plugins attach their nodes between anchors; a graph's goal is always its `done` anchor,
 * which runs whatever happened so that cleanup (unlock) hangs off it.
 */
import type { GraphBuilder } from './builder.js';
import type { GraphDecl, GraphOption } from './model.js';

/** Anchor ids of a graph: `<graph>:start`, `:connected`, `:locked`, `:finished`, `:done`. */
export function anchorsOf(graph: string) {
  const slug = graph.replace(/\s+/g, '-');
  return {
    start: `${slug}:start`,
    /** After the pre-connect hook: nothing reaches a host before it. */
    connected: `${slug}:connected`,
    locked: `${slug}:locked`,
    finished: `${slug}:finished`,
    done: `${slug}:done`,
  };
}

/**
 * The deploy pipeline's phases. Plugins put their nodes between two anchors (a slot), so the
 * order of their taps never matters. Per-host anchors (†) fan out: a host's slot opens as soon
 * as that host's own work before it is done.
 *
 *   start → connected → build → built → pull† → pulled† → prepare† → prepared† → booted → finished → done
 *                     ↘ locked ───────────────────────────↗  ready (every host pulled + lock) ↗
 *
 * `locked → cleared` (the pre-deploy hook) comes before `prepare†`; a node that needs no image
 * (the proxy boot) hangs between `cleared` + the host's `pull†` and `prepared†`, alongside the pull.
 */
export const DEPLOY = {
  start: 'deploy:start',
  /** After the pre-connect hook: nothing reaches a host before it. */
  connected: 'deploy:connected',
  /** Slot connected → build: what the build needs first (pre-build hook, local registry login). */
  build: 'deploy:build',
  /** Slot build → built: clone, build, push. */
  built: 'deploy:built',
  /** Slot connected → locked: the deploy lock. */
  locked: 'deploy:locked',
  /**
   * Slot locked → cleared: the go-ahead before a host's proxy or app changes (the pre-deploy hook,
   * when there is one, which waits for `ready`); without one it opens with the lock. Work that needs
   * no image (the proxy boot) starts from here, alongside the pull.
   */
  cleared: 'deploy:cleared',
  /** Per host, slot connected → pull: what a pull needs on the host (registry login). */
  pull: 'deploy:pull',
  /** Per host, slot pull → pulled: the image pull. */
  pulled: 'deploy:pulled',
  /** Kamal's gate: every host pulled and the lock is held; no host switches traffic before it. */
  ready: 'deploy:ready',
  /** Per host, after the host's own pull and `cleared`: slot prepare → prepared (assets, stale containers; the proxy boot and app host setup start earlier and `prepared` waits for them). */
  prepare: 'deploy:prepare',
  prepared: 'deploy:prepared',
  /** Slot ready + prepared → booted: the app's boot (groups, barrier, per-host boots). */
  booted: 'deploy:booted',
  finished: 'deploy:finished',
  done: 'deploy:done',
} as const;

export const BUILT_IN_GRAPHS: GraphDecl[] = [
  { name: 'deploy', description: 'Build, push, pull and boot the app on every host with zero downtime', goals: [DEPLOY.done], mutates: true, deploysVersion: true },
  {
    name: 'redeploy',
    description: 'Deploy without booting the proxy or pruning (faster; for repeated deploys)',
    extends: 'deploy',
    goals: [DEPLOY.done],
    mutates: true,
    deploysVersion: true,
  },
  {
    name: 'rollback',
    description: 'Boot an earlier version that is still on every host',
    extends: 'deploy',
    goals: [DEPLOY.done],
    mutates: true,
    deploysVersion: true,
    args: ['version'],
  },
  { name: 'setup', description: 'Install Docker where it is missing, then deploy', extends: 'deploy', goals: [DEPLOY.done], mutates: true, deploysVersion: true },
  { name: 'prune', description: 'Remove old stopped containers and unused images', goals: [anchorsOf('prune').done], mutates: true },
  // Plugins add what they run on the hosts (proxy, app, accessories) by tapping graph.for('details').
  { name: 'details', description: 'Show the proxy, app and accessory containers on every host', goals: [anchorsOf('details').done], plainOutput: true },
  { name: 'remove', description: 'Remove the app, its proxy routes, images and accessories from every host (and the proxy where no other app uses it; asks first, -y skips)', goals: [anchorsOf('remove').done], mutates: true },
];

/** Lays the core anchors of a graph: start → connected → locked → finished → done (done runs always). */
export function layStandardAnchors(builder: GraphBuilder, graph: string): void {
  const a = anchorsOf(graph);
  builder.anchor(a.start);
  builder.anchor(a.connected, [a.start]);
  builder.anchor(a.locked, [a.connected]);
  builder.anchor(a.finished, [a.locked]);
  builder.add({ id: a.done, plugin: 'core', dependsOn: [a.finished], scope: 'local', anchor: true, when: 'always' });
}

/** The deploy graph's phases (also the base of redeploy, rollback and setup). */
export function layDeployAnchors(builder: GraphBuilder): void {
  builder.anchor(DEPLOY.start);
  builder.anchor(DEPLOY.connected, [DEPLOY.start]);
  // A deploy the lock refuses pushes nothing.
  builder.anchor(DEPLOY.build, [DEPLOY.connected, DEPLOY.locked]);
  builder.anchor(DEPLOY.built, [DEPLOY.build]);
  builder.anchor(DEPLOY.locked, [DEPLOY.connected]);
  builder.anchor(DEPLOY.cleared, [DEPLOY.locked]);
  builder.hostAnchor(DEPLOY.pull, [DEPLOY.connected, DEPLOY.built]);
  builder.hostAnchor(DEPLOY.pulled, [DEPLOY.pull]);
  builder.anchor(DEPLOY.ready, [DEPLOY.pulled, DEPLOY.locked]);
  builder.hostAnchor(DEPLOY.prepare, [DEPLOY.pulled, DEPLOY.cleared]);
  builder.hostAnchor(DEPLOY.prepared, [DEPLOY.prepare]);
  builder.anchor(DEPLOY.booted, [DEPLOY.ready, DEPLOY.prepared]);
  builder.anchor(DEPLOY.finished, [DEPLOY.booted]);
  builder.add({ id: DEPLOY.done, plugin: 'core', dependsOn: [DEPLOY.finished], scope: 'local', anchor: true, when: 'always' });
}

/** Declares an option a plugin reads on a graph (when that graph exists); the same flags once. */
export function addGraphOption(decls: Map<string, GraphDecl>, graph: string, option: GraphOption): void {
  const decl = decls.get(graph);
  if (!decl || decl.options?.some((o) => o.flags === option.flags)) return;
  decls.set(graph, { ...decl, options: [...(decl.options ?? []), option] });
}
