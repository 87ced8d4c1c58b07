import { test } from 'uvu';
import { Engine } from '../../../core/engine.js';
import type { LoadedConfig } from '../../../core/config/types.js';
import { locate, validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { builderPlugin } from '../../../plugins/builder/index.js';
import { fakeLoadedConfig } from '../../support/context.js';
import { problemLines } from '../config/config-error.js';
import * as assert from 'uvu/assert';

/** The config as loaded (positions kept), checked by the builder plugin's rules. */
async function check(text: string): Promise<() => void> {
  const source = parseYamlSource('gantry.yml', text, {});
  const config = await validateConfig(source, { files: ['gantry.yml'] });
  const loaded: LoadedConfig = { ...fakeLoadedConfig(), config, locate: (issues) => locate(issues, source, config, ['gantry.yml']) };
  return () => new Engine([builderPlugin], loaded).checkConfig();
}

test('builder rules, from the builder plugin: local false needs remote; buildpacks are single-arch', async () => {
  const text = 'service: app\nimage: acme/app\nservers: [a]\nbuilder:\n  arch: [amd64, arm64]\n  local: false\n  pack:\n    builder: heroku/builder:24\n    buildpacks: [heroku/ruby]\n';
  assert.equal(await problemLines(await check(text)), [
    'gantry.yml:6:3 builder.local: local: false needs builder.remote',
    'gantry.yml:7:3 builder.pack: buildpacks build a single architecture: set one arch',
  ]);
});

test('a builder section that breaks no rule passes', async () => {
  (await check('service: app\nimage: acme/app\nservers: [a]\nbuilder:\n  arch: amd64\n'))();
});

test.run();
