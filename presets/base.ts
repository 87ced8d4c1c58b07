/** The plugins every Gantry project gets: a Docker app deployed over SSH. */
import { definePreset } from '../core/plugin.js';
import { hooksPlugin } from '../plugins/hooks/index.js';
import { lockPlugin } from '../plugins/lock/index.js';
import { auditPlugin } from '../plugins/audit/index.js';
import { registryPlugin } from '../plugins/registry/index.js';
import { builderPlugin } from '../plugins/builder/index.js';
import { pullPlugin } from '../plugins/pull/index.js';
import { appPlugin } from '../plugins/app/index.js';
import { assetsPlugin } from '../plugins/assets/index.js';
import { proxyPlugin } from '../plugins/proxy/index.js';
import { accessoriesPlugin } from '../plugins/accessories/index.js';
import { prunePlugin } from '../plugins/prune/index.js';
import { serverPlugin } from '../plugins/server/index.js';
import { customGraphsPlugin } from '../plugins/custom-graphs/index.js';
import { secretsPlugin } from '../plugins/secrets/index.js';

export const basePreset = definePreset({
  name: 'base',
  plugins: [
    hooksPlugin,
    lockPlugin,
    auditPlugin,
    registryPlugin,
    builderPlugin,
    pullPlugin,
    appPlugin,
    assetsPlugin,
    proxyPlugin,
    accessoriesPlugin,
    prunePlugin,
    serverPlugin,
    customGraphsPlugin,
    secretsPlugin,
  ],
});
