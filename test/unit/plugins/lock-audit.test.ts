import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { raw, toShell } from '../../../core/transport/quote.js';
import { auditLine, auditLogPath, recordAudit, revealAudit } from '../../../plugins/audit/commands.js';
import {
  acquireLock,
  lockDetails,
  lockDirectory,
  lockStatus,
  releaseLock,
  type LockDetails,
} from '../../../plugins/lock/commands.js';

const details: LockDetails = { who: 'David Heinemeier Hansson', at: '2024-05-01T12:00:00Z', version: 'abc123', message: 'Manual lock' };

test('lock directory per service and destination', () => {
  assert.is(lockDirectory('.kamal', { service: 'app' }), '.kamal/lock-app');
  assert.is(lockDirectory('.kamal', { service: 'app', destination: 'staging' }), '.kamal/lock-app-staging');
});

test('details text, as Kamal writes it', () => {
  assert.is(lockDetails(details), 'Locked by: David Heinemeier Hansson at 2024-05-01T12:00:00Z\nVersion: abc123\nMessage: Manual lock');
});

test('acquire: atomic mkdir, then the details as base64', () => {
  const encoded = Buffer.from(lockDetails(details)).toString('base64');
  assert.is(
    toShell(acquireLock('.kamal', { service: 'app' }, details)),
    `mkdir -p .kamal && mkdir .kamal/lock-app && echo ${encoded} > .kamal/lock-app/details`,
  );
});

test('acquire: user input never reaches the shell as text', () => {
  const hostile: LockDetails = { ...details, who: "O'Brien $(id)", message: 'ship it; rm -rf / `x` "q"\nsecond line' };
  const cmd = acquireLock('.kamal', { service: 'app', destination: 'staging' }, hostile);
  const encoded = cmd[cmd.indexOf('echo') + 1] as string;
  assert.match(encoded, /^[A-Za-z0-9+/=]+$/);
  assert.is(Buffer.from(encoded, 'base64').toString('utf8'), lockDetails(hostile));
});

test('status and release', () => {
  assert.is(toShell(lockStatus('.kamal', { service: 'app' })), 'test -d .kamal/lock-app && cat .kamal/lock-app/details | base64 -d');
  assert.equal(releaseLock('.kamal', { service: 'app', destination: 'staging' }), ['rm', '-r', '.kamal/lock-app-staging']);
});

test('audit line: absent tags left out, one line', () => {
  assert.is(auditLine({ at: '2024-05-01T12:00:00Z', performer: 'dhh@example.com', message: 'Pushed app' }), '[2024-05-01T12:00:00Z] [dhh@example.com] Pushed app');
  assert.is(
    auditLine({ at: 'T', performer: 'p', destination: 'staging', role: 'web', message: 'Booted\r\nversion 1' }),
    '[T] [p] [staging] [web] Booted version 1',
  );
});

test('audit record and reveal', () => {
  assert.is(auditLogPath('.kamal', { service: 'app', destination: 'staging' }), '.kamal/app-staging-audit.log');
  const line = `[T] [p] it's $HOME \\n`;
  const cmd = recordAudit('.kamal', { service: 'app' }, line);
  assert.equal(cmd, ['mkdir', '-p', '.kamal', raw('&&'), 'printf', '%s\\n', line, raw('>>'), '.kamal/app-audit.log']);
  assert.is(toShell(cmd), `mkdir -p .kamal && printf '%s\\n' '[T] [p] it'\\''s $HOME \\n' >> .kamal/app-audit.log`);
  assert.equal(revealAudit('.kamal', { service: 'app' }), ['tail', '-n', '50', '.kamal/app-audit.log']);
});

test.run();
