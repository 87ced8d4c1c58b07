/**
 * A fake vault CLI on PATH: a shell script that records its argv and answers only the argv it
 * was told about (anything else exits 99), with the real vault's output shape.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemVaultCli } from '../../../../plugins/secrets/vault-cli.js';
import type { AdapterContext } from '../../../../plugins/secrets/api.js';

export interface Answer {
  stdout?: string;
  code?: number;
  stderr?: string;
}

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export interface FakeVault {
  ctx: AdapterContext;
  /** Every call, as `program arg arg…` (prefixed `BW_SESSION=…` when that is set). */
  calls(): string[];
}

/** `answers`: full argv joined by spaces → answer. Several programs may share one fake PATH. */
export function fakeVault(programs: Record<string, Record<string, Answer>>, env: Record<string, string> = {}): FakeVault {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-fake-vault-'));
  dirs.push(dir);
  const log = join(dir, 'calls.log');
  for (const [program, answers] of Object.entries(programs)) {
    const cases = Object.entries(answers)
      .map(([argv, answer]) => {
        const out = answer.stdout === undefined ? '' : `cat <<'GANTRY_FAKE_EOF'\n${answer.stdout}\nGANTRY_FAKE_EOF\n`;
        const err = answer.stderr ? `echo '${answer.stderr}' >&2\n` : '';
        return `  '${argv}')\n${out}${err}exit ${answer.code ?? 0};;`;
      })
      .join('\n');
    const script = `#!/bin/sh\nprintf '%s\\n' "\${BW_SESSION:+BW_SESSION=$BW_SESSION }${program} $*" >> '${log}'\ncase "${program} $*" in\n${cases}\n  *) echo "fake ${program}: unexpected argv: $*" >&2; exit 99;;\nesac\n`;
    writeFileSync(join(dir, program), script, { mode: 0o755 });
  }
  const fullEnv = { PATH: `${dir}:/usr/bin:/bin`, ...env };
  return {
    ctx: { cli: systemVaultCli(fullEnv), env: fullEnv },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : []),
  };
}
