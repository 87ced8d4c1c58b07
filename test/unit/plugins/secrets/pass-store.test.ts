/** The pass adapter against a real password store, encrypted to a gpg key made here. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterTable, fetchSecrets, systemVaultCli } from '../../../../plugins/secrets/api.js';
import { passAdapter } from '../../../../plugins/secrets/adapters/pass.js';

const home = mkdtempSync(join(tmpdir(), 'gantry-pass-'));
const env = { PATH: process.env.PATH, HOME: home, GNUPGHOME: join(home, 'gnupg'), PASSWORD_STORE_DIR: join(home, 'store') };
const table = new AdapterTable().add(passAdapter);

test.before(() => {
  execFileSync('mkdir', ['-m', '700', env.GNUPGHOME]);
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Gantry Test <gantry-test@example.com>', 'default', 'default', 'never'], { env, stdio: 'ignore' });
  execFileSync('pass', ['init', 'gantry-test@example.com'], { env, stdio: 'ignore' });
  for (const [entry, value] of [['app/db', 'db pass word\nuser: app\n'], ['app/token', 'tok-123\n']]) {
    execFileSync('pass', ['insert', '--multiline', entry!], { env, input: value, stdio: ['pipe', 'ignore', 'ignore'] });
  }
});

test.after(() => {
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
  rmSync(home, { recursive: true, force: true });
});

test('fetch decrypts each entry; the value is its first line', async () => {
  const out = await fetchSecrets(table, ['db', 'token'], { adapter: 'pass', from: 'app' }, { cli: systemVaultCli(env), env });
  assert.equal(out, { 'app/db': 'db pass word', 'app/token': 'tok-123' });
});

test('a missing entry is named', async () => {
  try {
    await fetchSecrets(table, ['app/nope'], { adapter: 'pass' }, { cli: systemVaultCli(env), env });
    assert.unreachable();
  } catch (error) {
    assert.is((error as Error).message, 'could not read app/nope from the password store (Error: app/nope is not in the password store.)');
  }
});

test.run();
