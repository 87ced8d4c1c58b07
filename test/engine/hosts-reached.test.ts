/** The hosts a run opens connections to ahead of their first command: those its graph sends work to. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../core/engine.js';
import { hostsReached } from '../../core/graph/hosts-reached.js';
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import { flattenPlugins } from '../../core/plugin.js';
import { basePreset } from '../../presets/base.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig } from '../support/context.js';

const config: Partial<GantryConfig> = {
  servers: { web: ['h1', 'h2'], workers: { hosts: ['h3'], cmd: 'bin/jobs' } } as GantryConfig['servers'],
};

function reached(graph: string): string[] {
  const loaded = fakeLoadedConfig(config);
  const engine = new Engine(flattenPlugins([basePreset]), loaded);
  const hosts = buildInventory(loaded.config.servers as ServersSection, 'web');
  return hostsReached(engine.resolve(graph, context(hosts, { graph, config: loaded, version: 'v2' })));
}

test('a deploy reaches every host of every role', () => {
  assert.equal(reached('deploy'), ['h1', 'h2', 'h3']);
});

test('a command on the primary host alone reaches only that host', () => {
  assert.equal(reached('lock status'), ['h1']);
});

test.run();
