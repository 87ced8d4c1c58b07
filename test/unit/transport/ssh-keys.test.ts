import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GantryError } from '../../../core/errors.js';
import { planAuthentication } from '../../../core/transport/ssh-keys.js';
import { rejectionOf } from './rejection.js';

const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
// Top-level await, not test.before: uvu 0.5 swallows a failing hook and reports success.
const home = await mkdtemp(join(tmpdir(), 'gantry-keys-'));
await mkdir(join(home, '.ssh'));
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh', 'id_ed25519')]);
execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', 'passphrase', '-f', join(home, '.ssh', 'id_ecdsa')]);
process.env.HOME = home;

test.after(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(home, { recursive: true });
});

const none = { keys: [], keyData: [], keysOnly: false };

test('no keys configured: the agent, then the default ~/.ssh keys that exist and are usable', async () => {
  process.env.SSH_AUTH_SOCK = '/run/agent.sock';
  const plan = await planAuthentication('deploy', none);
  assert.equal(plan.tried, ['ssh-agent', join(home, '.ssh', 'id_ed25519')]);
  assert.equal(plan.methods[0], { type: 'agent', username: 'deploy', agent: '/run/agent.sock' });
  assert.is(plan.methods[1]?.type, 'publickey');
  assert.is(plan.skipped.length, 1);
  assert.match(plan.skipped[0]!, `${join(home, '.ssh', 'id_ecdsa')} (`);
});

test('keysOnly leaves the agent out', async () => {
  process.env.SSH_AUTH_SOCK = '/run/agent.sock';
  const plan = await planAuthentication('deploy', { ...none, keysOnly: true });
  assert.equal(plan.tried, [join(home, '.ssh', 'id_ed25519')]);
});

test('configured keys replace the defaults: files (~ expanded) and contents', async () => {
  delete process.env.SSH_AUTH_SOCK;
  const keyData = [await readFile(join(home, '.ssh', 'id_ed25519'), 'utf8')];
  const plan = await planAuthentication('deploy', { ...none, keys: ['~/.ssh/id_ed25519'], keyData });
  assert.equal(plan.tried, [join(home, '.ssh', 'id_ed25519'), 'key_data #1']);
  assert.equal(plan.skipped, []);
});

test('IdentityFile keys from the OpenSSH config replace the defaults; missing ones are skipped', async () => {
  const plan = await planAuthentication('deploy', { ...none, identityFiles: ['~/.ssh/nope', join(home, '.ssh', 'id_ed25519')] }, {});
  assert.equal(plan.tried, [join(home, '.ssh', 'id_ed25519')]);
  assert.equal(plan.skipped, []);
});

const encrypted = join(home, '.ssh', 'id_ecdsa');

test('a passphrase key with no terminal and no agent is refused, naming the file and ssh-add', async () => {
  const error = await rejectionOf(planAuthentication('deploy', { ...none, keys: [encrypted] }, {}));
  assert.instance(error, GantryError);
  assert.match(error.message, `SSH key ${encrypted} is protected by a passphrase`);
  assert.match(error.message, 'no terminal to ask for it and no ssh-agent');
  assert.match(error.message, `ssh-add ${encrypted}`);
});

test('with an agent, a passphrase key is left to it (and named in the plan), not asked for', async () => {
  let asked = 0;
  const ask = async () => (asked++, 'passphrase');
  const plan = await planAuthentication('deploy', { ...none, keys: [encrypted] }, { agent: '/run/agent.sock', ask });
  assert.equal(plan.tried, ['ssh-agent']);
  assert.match(plan.skipped[0]!, `${encrypted} (protected by a passphrase; load it into ssh-agent with: ssh-add ${encrypted})`);
  assert.is(asked, 0);
});

test('on a terminal the passphrase is asked once per key file for the whole run; a wrong one is named', async () => {
  const prompts: string[] = [];
  const ask = async (prompt: string) => (prompts.push(prompt), 'passphrase');
  const plans = await Promise.all([1, 2, 3].map(() => planAuthentication('deploy', { ...none, keys: [encrypted] }, { ask })));
  for (const plan of plans) assert.equal(plan.tried, [encrypted]);
  assert.equal(prompts, [`Passphrase for SSH key ${encrypted}: `]);
  const other = join(home, '.ssh', 'id_other');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'right', '-f', other]);
  const wrong = await rejectionOf(planAuthentication('deploy', { ...none, keys: [other] }, { ask: async () => 'wrong' }));
  assert.match(wrong.message, `cannot unlock SSH key ${other}: wrong passphrase`);
});

test('an unusable configured key is a GantryError; key data is never echoed', async () => {
  const missing = await rejectionOf(planAuthentication('deploy', { ...none, keys: ['~/.ssh/nope'] }));
  assert.instance(missing, GantryError);
  assert.match(missing.message, `cannot use SSH key ${join(home, '.ssh', 'nope')}: ENOENT`);
  const publicKey = await rejectionOf(planAuthentication('deploy', { ...none, keys: ['~/.ssh/id_ed25519.pub'] }));
  assert.match(publicKey.message, 'it is a public key, not a private key');
  const garbage = await rejectionOf(planAuthentication('deploy', { ...none, keyData: ['not-a-key-SECRET'] }));
  assert.match(garbage.message, 'ssh key_data #1 is not a usable private key');
  assert.not.match(garbage.message, 'SECRET');
});

test.run();
