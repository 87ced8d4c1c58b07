import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registryLogin, registryLogout } from '../../../plugins/registry/commands.js';

test('login reads the password from stdin', () => {
  assert.equal(registryLogin({ server: 'ghcr.io', username: 'dhh' }), ['docker', 'login', 'ghcr.io', '-u', 'dhh', '--password-stdin']);
});

test('Docker Hub: no server', () => {
  assert.equal(registryLogin({ username: 'dhh' }), ['docker', 'login', '-u', 'dhh', '--password-stdin']);
  assert.equal(registryLogout(), ['docker', 'logout']);
  assert.equal(registryLogout('registry.example.com:5000'), ['docker', 'logout', 'registry.example.com:5000']);
});

test('a user name with shell syntax stays one word', () => {
  assert.equal(registryLogin({ username: 'a b;$(x)' })[3], 'a b;$(x)');
});

test.run();
