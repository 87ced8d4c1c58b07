/** What a vault adapter is: a name, whether it needs `--account`, and a fetch. */

export interface FetchRequest {
  /** The names given on the command line, already prefixed with `--from` when given. */
  keys: string[];
  /** The names as written, before `--from` (some vaults take `--from` as a location). */
  names: string[];
  account?: string;
  from?: string;
}

export interface VaultResult {
  /** Exit code; 127 when the program is not on PATH. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a vault's command line (argv, never a shell string). */
export interface VaultCli {
  /**
   * `interactive`: stdin and stderr stay the terminal so the vault can prompt (sign-in);
   * otherwise stderr is captured. `env` is added to the environment (session tokens go here,
   * not into argv).
   */
  run(argv: string[], options?: { env?: Record<string, string>; interactive?: boolean }): VaultResult;
}

export interface AdapterContext {
  cli: VaultCli;
  /** The environment the fetch runs in (some vaults read tokens from it). */
  env: NodeJS.ProcessEnv;
}

export interface SecretsAdapter {
  /** The `--adapter` name, e.g. `1password`. */
  name: string;
  /** Other names accepted for `--adapter` (Kamal's spellings). */
  aliases?: string[];
  /** Whether `--account` is required. */
  requiresAccount: boolean;
  /** One line for `gantry secrets fetch --help` and the README. */
  description: string;
  /** Checks the vault CLI is there and signed in (signing in when it can), then reads the keys: name → value. */
  fetch(request: FetchRequest, ctx: AdapterContext): Promise<Record<string, string>>;
}
