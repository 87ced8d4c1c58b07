/**
 * Pulls the version's image on every host. The image is not removed first (Kamal does, and so
 * downloads every layer again on each deploy); `docker pull` fetches only what changed.
 */
import { GantryError } from '../../core/errors.js';
import type { TaskNode } from '../../core/graph/model.js';
import { pullImageWithLabel } from '../docker/api.js';
import { versionImage } from '../app/api.js';

export const PLUGIN_NAME = 'pull';
export const PULL = 'pull:image';

export function pullNode(dependsOn: string[]): TaskNode {
  return {
    id: PULL,
    title: 'pull the image',
    plugin: PLUGIN_NAME,
    dependsOn,
    scope: 'perHost',
    run: async (env) => {
      const image = versionImage(env.ctx);
      const service = env.ctx.config.config.service;
      // An image built for another service would boot the wrong app under this one's name.
      const label = await env.capture(pullImageWithLabel(image));
      // A dry run records the inspect but has no output to judge.
      if (label !== service && !env.ctx.dryRun) {
        throw new GantryError(
          `${env.host?.name ?? 'localhost'}: image ${image} has label service=${label || '(none)'}, expected service=${service}` +
            ' (is `image` right, and was it built by gantry or kamal for this service?)',
        );
      }
    },
  };
}
