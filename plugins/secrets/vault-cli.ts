/** Runs vault programs with argv arrays: no shell, so nothing is re-parsed and no value is quoted into a string. */
import { spawnSync } from 'node:child_process';
import type { VaultCli, VaultResult } from './adapter.js';

export function systemVaultCli(env: NodeJS.ProcessEnv, cwd = process.cwd()): VaultCli {
  return {
    run(argv, options = {}): VaultResult {
      const [program, ...args] = argv;
      const result = spawnSync(program!, args, {
        cwd,
        env: { ...env, ...options.env },
        encoding: 'utf8',
        stdio: options.interactive ? ['inherit', 'pipe', 'inherit'] : ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.error) {
        const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
        return { code: missing ? 127 : 1, stdout: '', stderr: missing ? `${program}: not found` : result.error.message };
      }
      return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
    },
  };
}
