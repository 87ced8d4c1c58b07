import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entryMatches, fingerprint, formatKnownHostsLine, knownHostsName, parseKnownHosts, sshKeyType } from '../../../core/transport/known-hosts.js';

// Keys and hashed lines made with ssh-keygen (-t ed25519 / -t ecdsa, then -H on the plain file).
const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIJ+mM9UGiz3+eFgh0uq5kDOKOdmZ8UFCmDdqGruj8tbo';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIBZvOit3r0C6aNtBv9fqvU6ey1dORWrrDPda/qIjOwma';
const KEY_C = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMXXzzJhC3s3zejs3SfW09eFcQ0E4CvG7jmCoTG9FG9e/lTVQ+1VIKeQ7NCpolsisyGN5KaiMEbjDumV/B2vrT4=';
const HASHED_WEB1 = `|1|QDWR1V7Ve7H6K2oowTK1u534ncY=|+X5vT1ejdA5Z9lJ7RlqTpl0Vf1g= ssh-ed25519 ${KEY_A}`;
const HASHED_WEB2_2222 = `|1|gG9G7UO2TTSBWjd+881BEd9MwEo=|TnPJpGrWf5HaJvUerbULjXRBn6Y= ssh-ed25519 ${KEY_B}`;

const blob = (base64: string): Buffer => Buffer.from(base64, 'base64');

function hostsFor(text: string, name: string): string[] {
  return parseKnownHosts(text)
    .filter((entry) => entryMatches(entry, name))
    .map((entry) => `${entry.line}:${entry.keyType}${entry.marker ? `:${entry.marker}` : ''}`);
}

test('knownHostsName uses [host]:port off port 22, lower-cased', () => {
  assert.is(knownHostsName('Web1.Example.com', 22), 'web1.example.com');
  assert.is(knownHostsName('10.0.0.5', 2222), '[10.0.0.5]:2222');
});

test('plain entries: comma lists, several key types, comments and blank lines', () => {
  const text = [
    '# a comment',
    '',
    `web1.example.com,10.0.0.1 ssh-ed25519 ${KEY_A} deploy key`,
    `web1.example.com ecdsa-sha2-nistp256 ${KEY_C}`,
    `[web1.example.com]:2222 ssh-ed25519 ${KEY_B}`,
    '   # indented comment',
  ].join('\n');
  assert.equal(hostsFor(text, 'web1.example.com'), ['3:ssh-ed25519', '4:ecdsa-sha2-nistp256']);
  assert.equal(hostsFor(text, '10.0.0.1'), ['3:ssh-ed25519']);
  assert.equal(hostsFor(text, '[web1.example.com]:2222'), ['5:ssh-ed25519']);
  assert.equal(hostsFor(text, 'web2.example.com'), []);
  const [entry] = parseKnownHosts(text);
  assert.ok(entry!.key.equals(blob(KEY_A)));
});

test('hashed entries match the host (and [host]:port) they were made from, and nothing else', () => {
  const text = `${HASHED_WEB1}\n${HASHED_WEB2_2222}\n`;
  assert.equal(hostsFor(text, 'web1.example.com'), ['1:ssh-ed25519']);
  assert.equal(hostsFor(text, '[web2.example.com]:2222'), ['2:ssh-ed25519']);
  assert.equal(hostsFor(text, 'web2.example.com'), []);
  assert.equal(hostsFor(text, '[web1.example.com]:2222'), []);
});

test('wildcards and negation', () => {
  const text = `*.example.com,!secret.example.com ssh-ed25519 ${KEY_A}\n[db?.internal]:2222 ssh-ed25519 ${KEY_B}`;
  assert.equal(hostsFor(text, 'web1.example.com'), ['1:ssh-ed25519']);
  assert.equal(hostsFor(text, 'secret.example.com'), []);
  assert.equal(hostsFor(text, 'example.com'), []);
  assert.equal(hostsFor(text, '[db1.internal]:2222'), ['2:ssh-ed25519']);
  assert.equal(hostsFor(text, '[db10.internal]:2222'), []);
});

test('markers are kept apart; unknown markers and malformed lines are skipped', () => {
  const text = [
    `@revoked * ssh-ed25519 ${KEY_B}`,
    `@cert-authority *.example.com ssh-ed25519 ${KEY_A}`,
    `@bogus web1.example.com ssh-ed25519 ${KEY_A}`,
    'web1.example.com ssh-ed25519',
    'web1.example.com ssh-ed25519 !!!notbase64',
    `web1.example.com ssh-rsa ${KEY_A}`,
  ].join('\n');
  assert.equal(hostsFor(text, 'web1.example.com'), ['1:ssh-ed25519:revoked', '2:ssh-ed25519:cert-authority']);
});

test('key type and fingerprint read from the blob match ssh-keygen -l', () => {
  assert.is(sshKeyType(blob(KEY_A)), 'ssh-ed25519');
  assert.is(sshKeyType(blob(KEY_C)), 'ecdsa-sha2-nistp256');
  assert.is(fingerprint(blob(KEY_A)), 'SHA256:W1B0A/XF025ZZox7aov42/DEOkvixCs+Rdjn1UGdH38');
  assert.is(fingerprint(blob(KEY_C)), 'SHA256:PUBBzhFOqL7I8J6l8Bf3sq7cGxBBfiHHSEBcVNnpvDI');
});

test('a formatted line parses back to the same host and key', () => {
  const line = formatKnownHostsLine('[10.0.0.5]:2222', blob(KEY_B));
  assert.is(line, `[10.0.0.5]:2222 ssh-ed25519 ${KEY_B}`);
  const [entry] = parseKnownHosts(line);
  assert.ok(entryMatches(entry!, '[10.0.0.5]:2222'));
  assert.ok(entry!.key.equals(blob(KEY_B)));
});

test.run();
