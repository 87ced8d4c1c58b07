import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { needsLogin, registryCredentials } from '../../../plugins/registry/credentials.js';
import { context, fakeLoadedConfig, host } from '../../support/context.js';
import type { GantryConfig } from '../../../schemas/index.js';

function ctxWith(registry: GantryConfig['registry']) {
  const config = fakeLoadedConfig({ registry });
  config.secrets = { ...config.secrets, get: (name) => `secret:${name}` };
  return context([host('h1', ['web'], true)], { config });
}

test('a string is the value, a one-item list names a secret', () => {
  assert.equal(registryCredentials(ctxWith({ server: 'ghcr.io', username: 'bot', password: ['GHCR_TOKEN'] })), {
    server: 'ghcr.io',
    username: 'bot',
    password: 'secret:GHCR_TOKEN',
  });
  assert.equal(registryCredentials(ctxWith({ username: ['HUB_USER'], password: 'literal' })), { server: undefined, username: 'secret:HUB_USER', password: 'literal' });
});

test('login only with both username and password, never for a localhost registry', () => {
  assert.ok(needsLogin(ctxWith({ username: 'u', password: 'p' })));
  assert.not.ok(needsLogin(ctxWith({ server: 'r.example', username: 'u' })));
  assert.not.ok(needsLogin(ctxWith({ server: 'localhost:5000', username: 'u', password: 'p' })));
  assert.not.ok(needsLogin(ctxWith(undefined)));
});

test.run();
