/** `app:latest`: once every role booted on every host, `repo:version` becomes `repo:latest[-dest]`. */
import { APP_PLUGIN } from '../api.js';
import type { TaskNode } from '../../../core/graph/model.js';
import { latestImage, versionImage } from '../context.js';
import { appHosts } from '../context.js';
import { tagLatest } from '../commands.js';

export const LATEST = 'app:latest';

export function latestNode(dependsOn: string[]): TaskNode {
  return {
    id: LATEST,
    title: 'tag latest',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: (ctx, hosts) => appHosts(ctx, hosts),
    run: async (env) => {
      await env.run(tagLatest(versionImage(env.ctx), latestImage(env.ctx)));
    },
  };
}
