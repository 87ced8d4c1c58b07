import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../core/engine.js';
import { buildInventory } from '../../core/inventory.js';
import { flattenPlugins } from '../../core/plugin.js';
import { listPlugins } from '../../core/plugin-list.js';
import { presetFor } from '../../presets/index.js';
import { context, fakeLoadedConfig } from '../support/context.js';

test('gantry plugins leaves a node out of the graphs its omitFrom names (rails:db-prepare is not in rollback) and those that stop before it (build pull)', () => {
  const loaded = fakeLoadedConfig({ servers: ['h1'] });
  const engine = new Engine(flattenPlugins([presetFor('rails')]), loaded);
  const contextFor = (graph: string) => context(buildInventory(['h1'], 'web'), { graph, config: loaded, version: '<version>', dryRun: true });
  const rails = listPlugins(engine, '0.0.0', contextFor).find((listing) => listing.name === 'rails');
  assert.equal(Object.keys(rails?.nodes ?? {}).sort(), ['deploy', 'redeploy', 'setup']);
  assert.equal(rails?.nodes.deploy, ['rails:db-prepare']);
});

test.run();
