import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config/load.js';
import { flattenPlugins, presetDefaults } from '../../core/plugin.js';
import { deepMergeUnder } from '../../core/merge.js';
import { presetFor } from '../../presets/index.js';

const example = fileURLToPath(new URL('../../presets/rails/example.yml', import.meta.url));

test('the rails example config validates', async () => {
  const loaded = await loadConfig({ cwd: '/', configFile: example });
  assert.is(loaded.config.preset, 'rails');
});

test('rails adds its defaults under the config and keeps every base plugin once', async () => {
  const rails = presetFor('rails');
  const merged = deepMergeUnder({ proxy: { host: 'shop.example.com' } }, presetDefaults([rails]));
  assert.equal(merged, { asset_path: '/rails/public/assets', proxy: { healthcheck: { path: '/up' }, host: 'shop.example.com' } });
  const names = flattenPlugins([rails]).map((p) => p.name);
  assert.equal(names, flattenPlugins([presetFor(undefined)]).map((p) => p.name));
  assert.equal(new Set(names).size, names.length);
});

test('an unknown preset is named', () => {
  assert.throws(() => presetFor('django'), /unknown preset "django" \(presets: base, rails\)/);
});

test.run();
