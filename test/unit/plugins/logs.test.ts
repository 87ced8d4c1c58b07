import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { logQuery, readLogs } from '../../../plugins/logs/api.js';
import { toShell } from '../../../core/transport/quote.js';
import { context } from '../../support/context.js';

const query = (options: Record<string, unknown>) => logQuery(context([], { options }));

test('readLogs: docker logs with stderr folded in; grep line-buffered, no match is no error', () => {
  assert.is(toShell(readLogs('kamal-proxy', { timestamps: true, lines: 10, follow: true })), 'docker logs --timestamps --tail 10 --follow kamal-proxy 2>&1');
  assert.is(
    toShell(readLogs('c1', { since: '2h', grep: "it's", grepOptions: '-i -v' })),
    "docker logs --since 2h c1 2>&1 | grep --line-buffered -i -v -- 'it'\\''s' || [ $? -eq 1 ]",
  );
});

test('logQuery: Kamal defaults (100 lines, 10 with -f, none with --since; timestamps unless -T)', () => {
  assert.equal(query({}), { follow: false, lines: 100, timestamps: true });
  assert.equal(query({ follow: true, skipTimestamps: true }), { follow: true, lines: 10, timestamps: false });
  assert.equal(query({ since: '5m' }), { follow: false, since: '5m', timestamps: true });
  assert.equal(query({ since: '5m', lines: '3', grep: 'x' }), { follow: false, lines: 3, since: '5m', grep: 'x', grepOptions: undefined, timestamps: true });
  assert.throws(() => query({ lines: 'ten' }), /--lines expects a whole number, got "ten"/);
});

test.run();
