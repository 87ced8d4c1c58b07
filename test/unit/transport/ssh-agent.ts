/** A throwaway ssh-agent holding the given keys, set as SSH_AUTH_SOCK until stopped. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestAgent {
  socket: string;
  stop(): Promise<void>;
}

export async function startAgent(keys: string[]): Promise<TestAgent> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-agent-'));
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let waited = 0; !existsSync(socket); waited += 10) {
    if (waited > 5000) throw new Error('ssh-agent did not create its socket within 5 s');
    await sleep(10);
  }
  for (const key of keys) execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  const saved = process.env.SSH_AUTH_SOCK;
  process.env.SSH_AUTH_SOCK = socket;
  return {
    socket,
    async stop() {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
