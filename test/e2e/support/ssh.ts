/**
 * Commands on test bed nodes through the system ssh client, with the test bed's key,
 * known_hosts and ssh config; for inspecting hosts (`docker ps` and the like) independently
 * of the code under test. `docker` there talks to that host's own daemon.
 */
import { describeRun, run, type RunResult } from './exec.js';
import { node, type Testbed } from './testbed.js';

export function ssh(tb: Testbed, host: string, command: string, opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const target = node(tb, host);
  return run('ssh', ['-F', tb.ssh.config, `${tb.ssh.user}@${target.ip}`, '--', command], {
    timeoutMs: opts.timeoutMs ?? 60_000,
    input: opts.input,
  });
}

/** Like ssh, but throws unless the command succeeds; returns its trimmed stdout. */
export async function sshOut(tb: Testbed, host: string, command: string): Promise<string> {
  const r = await ssh(tb, host, command);
  if (r.code !== 0) throw new Error(`ssh ${host} ${command}: ${describeRun(r)}`);
  return r.stdout.trim();
}
