/** Who runs the deploy: git's user.name / user.email (the last config file wins), else the OS user. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lookUpPerformer, performer } from '../../../plugins/lock/performer.js';
import { context, fakeLoadedConfig } from '../../support/context.js';

const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
const dir = mkdtempSync(join(tmpdir(), 'gantry-performer-'));
const globalFile = join(dir, 'gitconfig');
writeFileSync(globalFile, '[user]\n\tname = Global Name\n\temail = global@example.com\n');
process.env.GIT_CONFIG_GLOBAL = globalFile;
process.env.GIT_CONFIG_NOSYSTEM = '1';

/** A repository whose own config names the user (one git init for the file: they are slow here). */
const repo = join(dir, 'project');
execFileSync('git', ['init', '-q', repo]);
execFileSync('git', ['config', 'user.name', 'Local Name'], { cwd: repo });

const ctxAt = (root: string) => {
  const config = fakeLoadedConfig();
  return context([], { config: { ...config, root } });
};

test('the project’s own user.name wins over the global one; the email comes from the global file', async () => {
  const ctx = ctxAt(repo);
  assert.equal(await lookUpPerformer(ctx), { name: 'Local Name', email: 'global@example.com' });
  // Looked up once: the synchronous reader finds it in the run state.
  assert.equal(performer(ctx), { name: 'Local Name', email: 'global@example.com' });
});

test('without a lookup first, the synchronous reader asks git itself, with the same answer', () => {
  assert.equal(performer(ctxAt(repo)), { name: 'Local Name', email: 'global@example.com' });
});

test('no git identity anywhere: the OS user', async () => {
  process.env.GIT_CONFIG_GLOBAL = join(dir, 'missing');
  try {
    const me = userInfo().username;
    assert.equal(await lookUpPerformer(ctxAt(dir)), { name: me, email: me });
    assert.equal(performer(ctxAt(dir)), { name: me, email: me });
  } finally {
    process.env.GIT_CONFIG_GLOBAL = globalFile;
  }
});

test.after(() => {
  for (const [key, value] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.nosystem]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

test.run();
