/** SshTransport against a real sshd this test starts on 127.0.0.1 (see sshd.ts). */
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, GantryError } from '../../../core/errors.js';
import { defaultSshOptions } from '../../../core/transport/factory.js';
import { pipe } from '../../../core/transport/quote.js';
import { SshTransport } from '../../../core/transport/ssh.js';
import type { SshOptions, TerminalIo, WindowSize } from '../../../core/transport/types.js';
import { parseOpenSshConfig } from '../../../core/transport/openssh-config.js';
import { PassThrough } from 'node:stream';
import { rejectionOf } from './rejection.js';
import { startAgent } from './ssh-agent.js';
import { freePort, startSshd, type TestSshd } from './sshd.js';
import { startTcpProxy } from './tcp-proxy.js';

// Top-level await, not test.before: uvu 0.5 swallows a failing hook and reports success.
// No sshd means a failed run, never a skipped one.
const sshd: TestSshd = await startSshd();
const open: SshTransport[] = [];
/** One transport for the everyday cases, which also shows they all share one connection. */
const shared = transport();
/** The shared connection as sshd sees it: `$SSH_CLIENT` (our address and source port). */
const sharedConnection = await connectionOf(shared).catch(async (error) => {
  await sshd.stop();
  throw error;
});

test.after(async () => {
  await Promise.all(open.map((transport) => transport.close()));
  await sshd.stop();
});

function options(overrides: Partial<SshOptions> = {}): SshOptions {
  return {
    ...defaultSshOptions(),
    port: sshd.port,
    keys: [sshd.clientKey],
    keysOnly: true,
    knownHostsFile: join(sshd.dir, 'known_hosts'),
    ...overrides,
  };
}

function transport(overrides: Partial<SshOptions> = {}, host = '127.0.0.1'): SshTransport {
  const created = new SshTransport(host, options(overrides));
  open.push(created);
  return created;
}

/** Which connection a command ran on: sshd's `$SSH_CLIENT` names our address and source port. */
async function connectionOf(ssh: SshTransport): Promise<string> {
  return (await ssh.exec(['sh', '-c', 'echo "$SSH_CLIENT"'])).stdout;
}

const LOGIN = /Accepted publickey for root/g;
const AUTH_FAILURE = /Disconnected from authenticating user root/g;
const HOST_KEY_REFUSAL = /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/g;

/**
 * How often sshd has logged `pattern`. Its log reaches us a little after the events it records,
 * so this first waits (up to 2 s) for at least `atLeast` lines, then a moment more for extra ones.
 */
async function logged(pattern: RegExp, atLeast = 0): Promise<number> {
  const count = (): number => sshd.log().match(pattern)?.length ?? 0;
  const deadline = Date.now() + 2000;
  while (count() < atLeast && Date.now() < deadline) await sleep(10);
  await sleep(50);
  return count();
}

test('exit code, stdout and stderr; argv quoted once', async () => {
  assert.equal(await shared.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']), { code: 3, stdout: 'out\n', stderr: 'err\n' });
  assert.is((await shared.exec(['printf', '%s|', '$HOME', 'a b', "it's", '*'])).stdout, "$HOME|a b|it's|*|");
  assert.is((await shared.exec(pipe(['printf', 'b\\na\\n'], ['sort']))).stdout, 'a\nb\n');
});

test('many commands, sequential and parallel, share ONE connection', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) seen.add(await connectionOf(shared));
  (await Promise.all([1, 2, 3, 4, 5].map(() => connectionOf(shared)))).forEach((connection) => seen.add(connection));
  assert.equal([...seen], [sharedConnection]);
});

test('25 parallel commands on one connection all succeed under MaxSessions 10', async () => {
  const results = await Promise.all(Array.from({ length: 25 }, (_, i) => shared.exec(['echo', String(i)])));
  assert.equal(
    results.map((result) => result.stdout),
    Array.from({ length: 25 }, (_, i) => `${i}\n`),
  );
  assert.ok(results.every((result) => result.code === 0));
  assert.is(await connectionOf(shared), sharedConnection);
});

test('stdin is written then closed; onData streams', async () => {
  const chunks: string[] = [];
  const result = await shared.exec(['cat'], { stdin: 'hello\nworld', onData: (chunk, stream) => chunks.push(`${stream}:${chunk}`) });
  assert.is(result.stdout, 'hello\nworld');
  assert.is(chunks.join(''), 'stdout:hello\nworld');
  assert.is((await shared.exec(['cat'])).stdout, '');
});

test('cwd becomes `cd DIR &&`; env is refused', async () => {
  assert.is((await shared.exec(['pwd'], { cwd: sshd.dir })).stdout.trim(), sshd.dir);
  const error = await rejectionOf(shared.exec(['env'], { env: { SECRET: 'x' } }));
  assert.instance(error, GantryError);
  assert.match(error.message, 'environment variables cannot be passed to remote commands');
});

test('upload writes the exact mode over SFTP, replacing a wider file; large content arrives whole', async () => {
  const secret = join(sshd.dir, 'app.env');
  await writeFile(secret, 'old', { mode: 0o644 });
  await shared.upload('SECRET=1\n', secret, 0o600);
  assert.is((await stat(secret)).mode & 0o777, 0o600);
  assert.is(await readFile(secret, 'utf8'), 'SECRET=1\n');
  const big = Buffer.alloc(300_000, 'x');
  await shared.upload(big, join(sshd.dir, 'big'), 0o644);
  assert.ok((await readFile(join(sshd.dir, 'big'))).equals(big));
  assert.is((await stat(join(sshd.dir, 'big'))).mode & 0o777, 0o644);
  const missingDir = await rejectionOf(shared.upload('x', join(sshd.dir, 'missing', 'file')));
  assert.match(missingDir.message, `127.0.0.1: could not write ${join(sshd.dir, 'missing', 'file')} over SFTP`);
});

test('accept-new records the host key, and the next connection is checked against it', async () => {
  const knownHostsFile = join(sshd.dir, 'known_hosts_accept_new');
  await transport({ knownHostsFile }).exec(['true']);
  const [type, key] = sshd.hostKeyPublic.split(' ');
  assert.is(await readFile(knownHostsFile, 'utf8'), `[127.0.0.1]:${sshd.port} ${type} ${key}\n`);
  await transport({ knownHostsFile, hostKeyPolicy: 'strict' }).exec(['true']);
  assert.is((await readFile(knownHostsFile, 'utf8')).split('\n').length, 2, 'still one line');
});

test('a changed host key is refused with a message that says what to do', async () => {
  const knownHostsFile = join(sshd.dir, 'known_hosts_changed');
  const [type, forged] = sshd.otherHostKeyPublic.split(' ');
  await writeFile(knownHostsFile, `# managed by hand\n[127.0.0.1]:${sshd.port} ${type} ${forged}\n`);
  const realFingerprint = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_key.pub')], { encoding: 'utf8' }).split(' ')[1];
  const refusals = await logged(HOST_KEY_REFUSAL);
  const ssh = transport({ knownHostsFile });
  const error = await rejectionOf(ssh.exec(['true']));
  assert.instance(error, GantryError);
  assert.match(error.message, `127.0.0.1: could not connect over SSH (root@127.0.0.1:${sshd.port}): HOST KEY CHANGED`);
  assert.match(error.message, `ssh-ed25519 ${realFingerprint}`);
  assert.match(error.message, `${knownHostsFile}:2 holds a different ssh-ed25519 key`);
  assert.match(error.message, `ssh-keygen -R '[127.0.0.1]:${sshd.port}' -f ${knownHostsFile}`);
  // The refusal sticks: the next command gets the same answer without a second handshake.
  assert.is((await rejectionOf(ssh.exec(['true']))).message, error.message);
  assert.is(await logged(HOST_KEY_REFUSAL, refusals + 1), refusals + 1);
});

test('abort rejects at once, signals the remote command and leaves the connection usable', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const started = Date.now();
  assert.instance(await rejectionOf(shared.exec(['sleep', '5'], { signal: controller.signal })), AbortedError);
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  // sshd got the TERM request; it refuses to deliver signals to root sessions (they run without
  // privilege separation), so proving the kill itself would need a non-root login.
  assert.is(await logged(/session_signal_req/g, 1), 1);
  assert.is(await connectionOf(shared), sharedConnection);
});

/** A TerminalIo over in-memory streams, with a window-size change the test can trigger. */
function fakeTerminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  const resizeListeners: Array<(size: WindowSize) => void> = [];
  const rawModes: boolean[] = [];
  const terminal: TerminalIo = {
    input,
    output,
    term: 'xterm',
    size: () => ({ rows: 24, cols: 80 }),
    setRawMode: (raw) => void rawModes.push(raw),
    onResize(listener) {
      resizeListeners.push(listener);
      return () => void resizeListeners.splice(resizeListeners.indexOf(listener), 1);
    },
  };
  const shownIncludes = async (text: string): Promise<void> => {
    const deadline = Date.now() + 3000;
    while (!shown.includes(text) && Date.now() < deadline) await sleep(10);
    assert.ok(shown.includes(text), `expected ${JSON.stringify(text)} in ${JSON.stringify(shown)}`);
  };
  return { terminal, input, shown: () => shown, shownIncludes, resize: (size: WindowSize) => resizeListeners.forEach((l) => l(size)), rawModes, resizeListeners };
}

test('interactive: a real pseudo-terminal of the asked size; keys in, output out, exit code back; raw mode around it', async () => {
  const t = fakeTerminal();
  const running = shared.interactive(['sh', '-c', 'stty size; test -t 0 && echo tty; read line; echo "got $line"; exit 3'], {
    pty: { rows: 33, cols: 101, term: 'xterm' },
    terminal: t.terminal,
  });
  await t.shownIncludes('tty');
  t.input.write('hello\r');
  assert.equal(await running, { code: 3 });
  assert.match(t.shown(), '33 101');
  assert.match(t.shown(), 'got hello');
  assert.equal(t.rawModes, [true, false]);
  assert.is(t.resizeListeners.length, 0, 'stops listening for window changes');
});

test('interactive: a local window change reaches the remote pseudo-terminal', async () => {
  const t = fakeTerminal();
  const running = shared.interactive(['sh', '-c', 'trap "stty size; exit 4" WINCH; echo ready; while :; do sleep 0.05; done'], {
    pty: { rows: 24, cols: 80, term: 'xterm' },
    terminal: t.terminal,
  });
  await t.shownIncludes('ready');
  t.resize({ rows: 40, cols: 120 });
  assert.equal(await running, { code: 4 });
  assert.match(t.shown(), '40 120');
});

test('onLine delivers each line as it arrives, and an abort ends a follow at once', async () => {
  const controller = new AbortController();
  const lines: Array<{ line: string; at: number }> = [];
  const started = Date.now();
  const following = shared.exec(['sh', '-c', 'echo one; echo two; sleep 0.3; echo three; sleep 10'], {
    signal: controller.signal,
    onLine: (line) => {
      lines.push({ line, at: Date.now() - started });
      if (line === 'three') controller.abort();
    },
  });
  assert.instance(await rejectionOf(following), AbortedError);
  assert.equal(lines.map((l) => l.line), ['one', 'two', 'three']);
  assert.ok(lines[1]!.at < lines[2]!.at - 200, `lines arrive as they come: ${JSON.stringify(lines)}`);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('timeoutMs stops a remote command', async () => {
  const error = await rejectionOf(shared.exec(['sleep', '5'], { timeoutMs: 200 }));
  assert.match(error.message, '127.0.0.1: `sleep 5` timed out after 200 ms');
});

test('connection refused is a GantryError naming host, user and port', async () => {
  const port = await freePort();
  const error = await rejectionOf(transport({ port }).exec(['true']));
  assert.instance(error, GantryError);
  assert.match(error.message, `127.0.0.1: could not connect over SSH (root@127.0.0.1:${port}): connection refused`);
});

test('an unauthorized key is an authentication failure, named as such and not retried', async () => {
  const ssh = transport({ keys: [sshd.strangerKey] });
  const error = await rejectionOf(ssh.exec(['true']));
  assert.instance(error, GantryError);
  assert.match(error.message, `could not connect over SSH (root@127.0.0.1:${sshd.port}): authentication failed for user root: tried ${sshd.strangerKey}`);
  const failures = await logged(AUTH_FAILURE, 1);
  assert.is((await rejectionOf(ssh.exec(['true']))).message, error.message);
  assert.is(await logged(AUTH_FAILURE), failures);
});

test('a jump host carries the connection (one login for it, one for the target)', async () => {
  const before = await logged(LOGIN);
  const ssh = transport({ proxy: `root@127.0.0.1:${sshd.port}` });
  assert.is((await ssh.exec(['echo', 'through the jump host'])).stdout, 'through the jump host\n');
  await ssh.exec(['true']);
  assert.is(await logged(LOGIN, before + 2), before + 2);
});

test('a host reached only through an alias in an OpenSSH config (HostName, Port, IdentityFile)', async () => {
  const config = parseOpenSshConfig([
    { file: 'test-config', includeBase: sshd.dir, text: `Host app-alias\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  IdentityFile ${sshd.clientKey}\n` },
  ]);
  const ssh = transport({ port: 22, keys: [], openSsh: { config, explicit: ['knownHostsFile', 'keysOnly'] } }, 'app-alias');
  assert.is((await ssh.exec(['echo', 'via alias'])).stdout, 'via alias\n');
  const error = await rejectionOf(transport({ port: 22, keys: [], openSsh: { config, explicit: ['port', 'knownHostsFile'] } }, 'app-alias').exec(['true']));
  assert.match(error.message, 'app-alias: could not connect over SSH (root@127.0.0.1:22)', 'an explicit port wins over the file');
});

test('ssh-agent: with no key configured, the agent\'s key logs in; keysOnly leaves it out', async () => {
  const agent = await startAgent([sshd.clientKey]);
  try {
    const ssh = transport({ keys: [], keysOnly: false, identityFiles: [] });
    assert.is((await ssh.exec(['echo', 'agent'])).stdout, 'agent\n');
    const error = await rejectionOf(transport({ keys: [], keysOnly: true, identityFiles: [] }).exec(['true']));
    assert.match(error.message, 'authentication failed for user root: no ssh-agent and no private key found');
  } finally {
    await agent.stop();
  }
});

test('forward_agent: commands on the host see the forwarded agent socket and its key', async () => {
  const agent = await startAgent([sshd.clientKey]);
  try {
    const ssh = transport({ forwardAgent: true });
    assert.match((await ssh.exec(['sh', '-c', 'ssh-add -l'])).stdout, /ED25519/);
  } finally {
    await agent.stop();
  }
});

test('a passphrase key with no terminal and no agent is refused before connecting, naming the key and ssh-add', async () => {
  const locked = join(sshd.dir, 'locked_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', locked]);
  const before = await logged(/Connection from/g);
  const error = await rejectionOf(transport({ keys: [locked] }).exec(['true']));
  assert.instance(error, GantryError);
  assert.match(error.message, `SSH key ${locked} is protected by a passphrase`);
  assert.match(error.message, `ssh-add ${locked}`);
  assert.is(await logged(/Connection from/g), before, 'no connection was opened');
});

test('proxy_command: ssh -W carries the connection (%h and %p expanded); a failing one says what it printed', async () => {
  const before = await logged(LOGIN);
  const jump = `ssh -q -i ${sshd.clientKey} -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p ${sshd.port} -W %h:%p root@127.0.0.1`;
  const ssh = transport({ proxyCommand: jump });
  assert.is((await ssh.exec(['echo', 'through the proxy command'])).stdout, 'through the proxy command\n');
  assert.is(await logged(LOGIN, before + 2), before + 2, 'one login for ssh -W, one for the target');
  const error = await rejectionOf(transport({ proxyCommand: 'echo "no route to %h" >&2; exit 1' }).exec(['true']));
  assert.match(error.message, `could not connect over SSH (root@127.0.0.1:${sshd.port})`);
  assert.match(error.message, 'the proxy command printed: no route to 127.0.0.1');
});

test('a dropped connection is reopened on the next command; a failed start is retried once', async () => {
  const proxy = await startTcpProxy(sshd.port);
  try {
    const before = await logged(LOGIN);
    const ssh = transport({ port: proxy.port });
    proxy.dropNext(1);
    assert.is((await ssh.exec(['echo', 'first'])).stdout, 'first\n');
    proxy.cutAll();
    await sleep(50);
    assert.is((await ssh.exec(['echo', 'second'])).stdout, 'second\n');
    assert.is(await logged(LOGIN, before + 2), before + 2);
  } finally {
    await proxy.close();
  }
});

test.run();
