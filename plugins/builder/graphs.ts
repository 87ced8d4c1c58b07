/**
 * The `build …` commands, as Kamal has them. push, pull and deliver reuse the deploy's own nodes
 * up to a point (so hooks, registry login and the local registry come along): their goal is their
 * own `done` anchor, after `deploy:built` (push) or `deploy:pulled` (pull, deliver), so nothing the
 * deploy does later comes along; pull leaves the build out. They take only their own options, not
 * the deploy's.
 */
import { DEPLOY, anchorsOf } from '../../core/graph/named.js';
import type { GraphDecl } from '../../core/graph/model.js';

export const BUILD_GRAPH = {
  push: 'build push',
  pull: 'build pull',
  deliver: 'build deliver',
  create: 'build create',
  remove: 'build remove',
  details: 'build details',
  dev: 'build dev',
} as const;

const fromDeploy = { extends: 'deploy', inheritOptions: false, deploysVersion: true } as const;

export const BUILD_GRAPHS: GraphDecl[] = [
  { name: BUILD_GRAPH.push, description: 'Build the image (from a clean clone of HEAD) and push it to the registry', goals: [anchorsOf(BUILD_GRAPH.push).done], ...fromDeploy },
  { name: BUILD_GRAPH.pull, description: 'Pull the pushed image onto the hosts', goals: [anchorsOf(BUILD_GRAPH.pull).done], ...fromDeploy },
  { name: BUILD_GRAPH.deliver, description: 'Build and push the image, then pull it onto the hosts', goals: [anchorsOf(BUILD_GRAPH.deliver).done], ...fromDeploy },
  { name: BUILD_GRAPH.create, description: 'Create the buildx builder', goals: [anchorsOf(BUILD_GRAPH.create).done] },
  { name: BUILD_GRAPH.remove, description: 'Remove the buildx builder', goals: [anchorsOf(BUILD_GRAPH.remove).done] },
  { name: BUILD_GRAPH.details, description: 'Show the builder, Docker contexts and buildx builders', goals: [anchorsOf(BUILD_GRAPH.details).done], plainOutput: true },
  {
    name: BUILD_GRAPH.dev,
    description: 'Build the working tree, uncommitted changes included, into the local image store, tagged -dirty',
    goals: [anchorsOf(BUILD_GRAPH.dev).done],
    deploysVersion: true,
    buildsWorkingTree: true,
  },
];

/** The deploy anchor each deploy-based command ends after. */
export const DEPLOY_BASED: Record<string, string> = {
  [BUILD_GRAPH.push]: DEPLOY.built,
  [BUILD_GRAPH.pull]: DEPLOY.pulled,
  [BUILD_GRAPH.deliver]: DEPLOY.pulled,
};

export const NO_CACHE = { flags: '--no-cache', description: 'build without Docker’s build cache' };
export const OUTPUT_REGISTRY = { flags: '--output <type>', description: 'where the build goes (buildx --output type): registry (default) or docker, the local image store' };
export const OUTPUT_DOCKER = { flags: '--output <type>', description: 'where the build goes (buildx --output type): docker (default), the local image store, or registry' };
