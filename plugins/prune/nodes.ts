/**
 * Prune nodes: stopped containers beyond the retained ones (this service and destination), then
 * dangling and unused tagged images of the service (`latest` tags are kept). `prune` and deploy
 * do both in one node, from one container listing; `prune containers` and `prune images` one each.
 */
import { GantryError } from '../../core/errors.js';
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import { pruneContainers, pruneContainersAndImages, pruneImages } from './commands.js';

export const PLUGIN_NAME = 'prune';
export const CONTAINERS = 'prune:containers';
export const IMAGES = 'prune:images';
export const BOTH = 'prune:containers-and-images';

/** `--retain N`, else `retain_containers`, else 5. */
export function retained(ctx: RunContext): number {
  const option = ctx.options.retain;
  const value = option === undefined ? (ctx.config.config.retain_containers ?? 5) : Number(option);
  if (!Number.isInteger(value) || value < 1) throw new GantryError(`--retain must be a positive whole number, got ${String(option)}`);
  return value;
}

export function containersNode(dependsOn: string[]): TaskNode {
  return {
    id: CONTAINERS,
    title: 'prune old containers',
    plugin: PLUGIN_NAME,
    dependsOn,
    scope: 'perHost',
    commands: (ctx) => [pruneContainers({ service: ctx.config.config.service, destination: ctx.destination, retain: retained(ctx) })],
  };
}

export function imagesNode(dependsOn: string[]): TaskNode {
  return {
    id: IMAGES,
    title: 'prune unused images',
    plugin: PLUGIN_NAME,
    dependsOn,
    scope: 'perHost',
    commands: (ctx) => [pruneImages(ctx.config.config.service)],
  };
}

export function bothNode(dependsOn: string[]): TaskNode {
  return {
    id: BOTH,
    title: 'prune old containers and unused images',
    plugin: PLUGIN_NAME,
    dependsOn,
    scope: 'perHost',
    commands: (ctx) => [pruneContainersAndImages({ service: ctx.config.config.service, destination: ctx.destination, retain: retained(ctx) })],
  };
}
