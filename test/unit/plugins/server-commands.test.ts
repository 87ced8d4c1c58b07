import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toShell } from '../../../core/transport/quote.js';
import { dockerVersion, hasCommand, installDocker } from '../../../plugins/server/commands.js';

test('docker probe and tool lookup', () => {
  assert.equal(dockerVersion(), ['docker', '-v']);
  assert.is(toShell(hasCommand('curl')), 'command -v curl');
});

test('install: curl or wget into sh, sudo for non-root users', () => {
  assert.is(toShell(installDocker('curl', false)), 'curl -fsSL https://get.docker.com | sh');
  assert.is(toShell(installDocker('wget', true)), 'wget -qO- https://get.docker.com | sudo sh');
});

test.run();
