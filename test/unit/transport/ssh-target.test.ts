import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeTarget, parseJumpHost } from '../../../core/transport/ssh-target.js';

test('jump host spec: user and port optional, IPv6 in brackets', () => {
  assert.equal(parseJumpHost('bastion.example.com', 'deploy'), { user: 'deploy', host: 'bastion.example.com', port: 22 });
  assert.equal(parseJumpHost('ops@bastion:2222', 'deploy'), { user: 'ops', host: 'bastion', port: 2222 });
  assert.equal(parseJumpHost('root@[2001:db8::1]:22', 'deploy'), { user: 'root', host: '2001:db8::1', port: 22 });
});

test('a malformed jump host spec is a GantryError quoting it', () => {
  assert.throws(() => parseJumpHost('a@b@c', 'root'), /ssh proxy "a@b@c" is not of the form \[user@\]host\[:port\]/);
  assert.throws(() => parseJumpHost('host:port', 'root'), /not of the form/);
});

test('targets print as user@host:port, IPv6 bracketed', () => {
  assert.is(describeTarget({ user: 'root', host: 'web1', port: 22 }), 'root@web1:22');
  assert.is(describeTarget({ user: 'root', host: '::1', port: 2222 }), 'root@[::1]:2222');
});

test.run();
