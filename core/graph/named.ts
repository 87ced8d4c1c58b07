/**
 * The built-in named graphs, declared as data, and the phase anchors the core puts in each.
 * Plugins attach their nodes between anchors; a graph's goal is always its `done` anchor,
 * which runs whatever happened so that cleanup (unlock) hangs off it.
 */
import type { GraphBuilder } from './builder.js';
import type { GraphDecl } from './model.js';

/** Anchor ids of a graph: `<graph>:start`, `<graph>:locked`, `<graph>:finished`, `<graph>:done`. */
export function anchorsOf(graph: string) {
  const slug = graph.replace(/\s+/g, '-');
  return {
    start: `${slug}:start`,
    locked: `${slug}:locked`,
    finished: `${slug}:finished`,
    done: `${slug}:done`,
  };
}

/** The deploy pipeline's own phases, between `locked` and `finished`. */
export const DEPLOY = {
  start: 'deploy:start',
  built: 'deploy:built',
  pulled: 'deploy:pulled',
  locked: 'deploy:locked',
  /** Image on every host and lock held: hooks (pre-deploy), proxy boot, stale containers. */
  ready: 'deploy:ready',
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
    omit: ['proxy:boot*', 'prune:*'],
    mutates: true,
    deploysVersion: true,
  },
  {
    name: 'rollback',
    description: 'Boot an earlier version that is still on every host',
    extends: 'deploy',
    goals: [DEPLOY.done],
    omit: ['build:*', 'registry:login-local', 'pull:*', 'proxy:boot*', 'prune:*'],
    mutates: true,
    deploysVersion: true,
    args: ['version'],
  },
  { name: 'setup', description: 'Install Docker where it is missing, then deploy', extends: 'deploy', goals: [DEPLOY.done], mutates: true, deploysVersion: true },
  { name: 'prune', description: 'Remove old stopped containers and unused images', goals: [anchorsOf('prune').done], mutates: true },
  // Plugins add what they run on the hosts (proxy, app, accessories) by tapping graph.for('details').
  { name: 'details', description: 'Show the proxy, app and accessory containers on every host', goals: [anchorsOf('details').done], plainOutput: true },
  { name: 'remove', description: 'Remove the app, its proxy routes and images from every host', goals: [anchorsOf('remove').done], mutates: true },
];

/** Lays the core anchors of a graph: start → locked → finished → done (done runs always). */
export function layStandardAnchors(builder: GraphBuilder, graph: string): void {
  const a = anchorsOf(graph);
  builder.anchor(a.start);
  builder.anchor(a.locked, [a.start]);
  builder.anchor(a.finished, [a.locked]);
  builder.add({ id: a.done, plugin: 'core', dependsOn: [a.finished], scope: 'local', anchor: true, when: 'always' });
}

/** The deploy graph's phases (also the base of redeploy, rollback and setup). */
export function layDeployAnchors(builder: GraphBuilder): void {
  builder.anchor(DEPLOY.start);
  builder.anchor(DEPLOY.built, [DEPLOY.start]);
  builder.anchor(DEPLOY.pulled, [DEPLOY.built]);
  builder.anchor(DEPLOY.locked, [DEPLOY.start]);
  builder.anchor(DEPLOY.ready, [DEPLOY.pulled, DEPLOY.locked]);
  builder.anchor(DEPLOY.booted, [DEPLOY.ready]);
  builder.anchor(DEPLOY.finished, [DEPLOY.booted]);
  builder.add({ id: DEPLOY.done, plugin: 'core', dependsOn: [DEPLOY.finished], scope: 'local', anchor: true, when: 'always' });
}
