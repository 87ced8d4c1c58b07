import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostKeyAlgorithmsFor, verifyHostKey, type HostKeyTarget } from '../../../core/transport/host-key-verifier.js';

const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIJ+mM9UGiz3+eFgh0uq5kDOKOdmZ8UFCmDdqGruj8tbo';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIBZvOit3r0C6aNtBv9fqvU6ey1dORWrrDPda/qIjOwma';
const KEY_C = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMXXzzJhC3s3zejs3SfW09eFcQ0E4CvG7jmCoTG9FG9e/lTVQ+1VIKeQ7NCpolsisyGN5KaiMEbjDumV/B2vrT4=';
const blob = (base64: string): Buffer => Buffer.from(base64, 'base64');

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-kh-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true });
  }
}

function target(file: string, overrides: Partial<HostKeyTarget> = {}): HostKeyTarget {
  return { host: 'web1', port: 22, file, policy: 'accept-new', ...overrides };
}

test('accept-new records an unknown host once, creating the file and its directory', () =>
  withDir(async (dir) => {
    const file = join(dir, 'ssh', 'known_hosts');
    assert.equal(await verifyHostKey(target(file, { port: 2222 }), blob(KEY_A)), { trusted: true });
    assert.equal(await verifyHostKey(target(file, { port: 2222 }), blob(KEY_A)), { trusted: true });
    assert.is(await readFile(file, 'utf8'), `[web1]:2222 ssh-ed25519 ${KEY_A}\n`);
    assert.is((await stat(file)).mode & 0o777, 0o600);
  }));

test('parallel first connections to the same host add one line', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await Promise.all([1, 2, 3, 4].map(() => verifyHostKey(target(file), blob(KEY_A))));
    assert.is((await readFile(file, 'utf8')).trim().split('\n').length, 1);
  }));

test('a new line goes on its own line even when the file lacks a final newline', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `other ssh-ed25519 ${KEY_B}`);
    await verifyHostKey(target(file), blob(KEY_A));
    assert.is(await readFile(file, 'utf8'), `other ssh-ed25519 ${KEY_B}\nweb1 ssh-ed25519 ${KEY_A}\n`);
  }));

test('a changed key is refused with host, fingerprint, file:line and the fix', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `# header\n[web1]:2222 ssh-ed25519 ${KEY_B}\n`);
    const verdict = await verifyHostKey(target(file, { port: 2222 }), blob(KEY_A));
    assert.is(verdict.trusted, false);
    const reason = verdict.trusted ? '' : verdict.reason;
    assert.match(reason, 'HOST KEY CHANGED');
    assert.match(reason, 'ssh-ed25519 SHA256:W1B0A/XF025ZZox7aov42/DEOkvixCs+Rdjn1UGdH38');
    assert.match(reason, `${file}:2 holds a different ssh-ed25519 key for [web1]:2222`);
    assert.match(reason, `ssh-keygen -R '[web1]:2222' -f ${file}`);
    assert.is(await readFile(file, 'utf8'), `# header\n[web1]:2222 ssh-ed25519 ${KEY_B}\n`, 'file untouched');
  }));

test('a key of a type not yet known for the host counts as new', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ecdsa-sha2-nistp256 ${KEY_C}\n`);
    assert.equal(await verifyHostKey(target(file), blob(KEY_A)), { trusted: true });
    assert.match(await readFile(file, 'utf8'), `web1 ssh-ed25519 ${KEY_A}`);
  }));

test('strict refuses unknown hosts and says how to add the key; known keys pass', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ssh-ed25519 ${KEY_A}\n`);
    assert.equal(await verifyHostKey(target(file, { policy: 'strict' }), blob(KEY_A)), { trusted: true });
    const verdict = await verifyHostKey(target(file, { policy: 'strict', host: 'web2' }), blob(KEY_B));
    assert.is(verdict.trusted, false);
    assert.match(verdict.trusted ? '' : verdict.reason, `ssh-keyscan -t ssh-ed25519 web2 >> ${file}`);
  }));

test('a revoked key is refused even for a host that also lists it', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ssh-ed25519 ${KEY_A}\n@revoked * ssh-ed25519 ${KEY_A}\n`);
    const verdict = await verifyHostKey(target(file), blob(KEY_A));
    assert.match(verdict.trusted ? '' : verdict.reason, `@revoked at ${file}:2`);
  }));

test('off trusts anything and writes nothing', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ssh-ed25519 ${KEY_B}\n`);
    assert.equal(await verifyHostKey(target(file, { policy: 'off' }), blob(KEY_A)), { trusted: true });
    assert.is(await readFile(file, 'utf8'), `web1 ssh-ed25519 ${KEY_B}\n`);
  }));

test('host key algorithms put the types known for the host first', () =>
  withDir(async (dir) => {
    const file = join(dir, 'known_hosts');
    assert.is(await hostKeyAlgorithmsFor(target(file)), undefined, 'no file: ssh2 defaults');
    await writeFile(file, `web1 ecdsa-sha2-nistp256 ${KEY_C}\n`);
    const algorithms = await hostKeyAlgorithmsFor(target(file));
    assert.is(algorithms?.[0], 'ecdsa-sha2-nistp256');
    assert.ok(algorithms?.includes('ssh-ed25519'));
    assert.is(await hostKeyAlgorithmsFor(target(file, { host: 'web2' })), undefined);
  }));

test.run();
