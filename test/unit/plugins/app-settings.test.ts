import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { roleSettings } from '../../../plugins/app/settings.js';
import type { GantryConfig } from '../../../schemas/index.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';

const ctxFor = (config: Partial<GantryConfig>) => context([], { config: fakeLoadedConfig(config) });

test('env merges root → role → host tags; secrets stay names', () => {
  const ctx = ctxFor({
    servers: { web: ['h1'], job: { hosts: ['h2'], env: { clear: { QUEUE: 'all', MODE: 'job' }, secret: ['JOB_TOKEN'] } } },
    env: { clear: { MODE: 'app', PORT: 3000 }, secret: ['DB_PASSWORD'], tags: { big: { MODE: 'big' } } },
  });
  assert.equal(roleSettings(ctx, 'job', host('h2', ['job'], false, ['big'])).env, {
    clear: { MODE: 'big', PORT: '3000', QUEUE: 'all' },
    secret: ['DB_PASSWORD', 'JOB_TOKEN'],
  });
  assert.equal(roleSettings(ctxFor({ env: { A: 1 } }), 'web', host('h1', ['web'])).env, { clear: { A: '1' }, secret: [] });
});

test('logging: role over root; none configured leaves Docker’s default to appRun', () => {
  const ctx = ctxFor({
    servers: { web: { hosts: ['h1'], logging: { options: { 'max-size': '50m' } } } },
    logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': 3 } },
  });
  assert.equal(roleSettings(ctx, 'web', host('h1', ['web'])).logging, { driver: 'json-file', options: { 'max-size': '50m', 'max-file': '3' } });
  assert.is(roleSettings(ctxFor({}), 'web', host('h1', ['web'])).logging, undefined);
});

test('labels, cmd and options of the role', () => {
  const ctx = ctxFor({
    labels: { team: 'core', tier: 1 },
    servers: { job: { hosts: ['h1'], cmd: 'bin/jobs --queue "a b"', labels: { tier: 2 }, options: { memory: '1g' } } },
  });
  const settings = roleSettings(ctx, 'job', host('h1', ['job']));
  assert.equal(settings.labels, { team: 'core', tier: '2' });
  assert.equal(settings.cmd, ['bin/jobs', '--queue', 'a b']);
  assert.equal(settings.options, { memory: '1g' });
});

test('stop timeout: the role’s, else the root’s, else drain_timeout for non-proxied roles and Docker’s default for proxied ones', () => {
  const servers = { web: ['h1'], job: { hosts: ['h2'], stop_timeout: 5 }, worker: ['h3'] };
  const ctx = ctxFor({ servers, drain_timeout: 12 });
  assert.is(roleSettings(ctx, 'job', host('h2', ['job'])).stopTimeout, 5);
  assert.is(roleSettings(ctx, 'worker', host('h3', ['worker'])).stopTimeout, 12);
  assert.is(roleSettings(ctx, 'web', host('h1', ['web'])).stopTimeout, undefined);
  assert.is(roleSettings(ctxFor({ servers, stop_timeout: 9 }), 'web', host('h1', ['web'])).stopTimeout, 9);
});

test.run();
