/**
 * A plugin package importing `gantry-deploy/plugin` at run time, against the built CLI: the hook
 * table it taps is the one the app plugin calls, and a GantryError it throws is the CLI's own
 * class (printed as the plugin's message, not as an unexpected error). The CLI is a bundle, so
 * this fails when the published API is a separate copy of the engine's modules.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const env = gantryEnv(tb);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let project: Project;

const PROBE = `
import { definePlugin, anchorsOf, getAppHooks, GantryError } from 'gantry-deploy/plugin';

export default () => definePlugin({
  name: 'probe',
  apply(engine) {
    getAppHooks(engine).containerRunArgs.tapPromise('probe', async (args) => [...args, '--label', 'probe.hooks=shared']);
    engine.hooks.graphs.tap('probe', (graphs) => graphs.set('probe', { name: 'probe', description: 'fails on purpose', goals: [anchorsOf('probe').done] }));
    engine.hooks.graph.for('probe').tap('probe', (builder) => {
      const { locked, finished } = anchorsOf('probe');
      builder.between(locked, {
        id: 'probe:refuse', title: 'refuse', plugin: 'probe', dependsOn: [], scope: 'perHost',
        run: async () => { throw new GantryError('probe refused: disk is full'); },
      }, finished);
    });
  },
});
`;

test.before(async () => {
  project = await writeProject({
    config: appConfig(tb, { web: [0], workers: [], extra: { plugins: ['gantry-probe'] } }),
    files: {
      'node_modules/gantry-probe/package.json': JSON.stringify({ name: 'gantry-probe', type: 'module', main: 'index.js' }),
      'node_modules/gantry-probe/index.js': PROBE,
    },
  });
  // As `npm install gantry-deploy` would: the package the CLI runs from.
  await symlink(ROOT.replace(/\/$/, ''), join(project.dir, 'node_modules/gantry-deploy'));
});

test.after(async () => {
  await project?.remove();
});

test('a plugin package taps the hook table the app plugin calls', async () => {
  const result = await gantry(['deploy', '--dry-run', '--version', 'v1', '-P'], { cwd: project.dir, env });
  assert.is(result.code, 0, describeRun(result));
  assert.match(result.stdout, /docker run .*--label probe\.hooks=shared/);
});

test("a plugin's GantryError is the CLI's own class: its message, no 'unexpected' wrapper", async () => {
  const result = await gantry(['probe', '--dry-run'], { cwd: project.dir, env });
  assert.is(result.code, 1, describeRun(result));
  assert.match(result.stderr, 'probe refused: disk is full');
  assert.not.match(result.stderr, /unexpected/);
});

test.run();
