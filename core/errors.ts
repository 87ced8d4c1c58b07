/**
 * Errors a person can act on. A GantryError is a user-facing failure: the CLI prints its
 * message without a stack trace and exits non-zero.
 */
export class GantryError extends Error {
  override name = 'GantryError';
}

/** One problem in a config file, positioned. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted key path, e.g. `servers.web.hosts`. Empty for file-level problems. */
  path: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Bad config: every problem at once, each as `file:line:col key.path: message`. */
export class ConfigError extends GantryError {
  override name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[], summary?: string) {
    super(summary ?? problems.map(formatProblem).join('\n'));
  }
}

/** A command exited non-zero (or could not run) on a host. */
export class CommandError extends GantryError {
  override name = 'CommandError';
  constructor(
    readonly host: string,
    /** The command as it was run (quoted, redacted). */
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
    readonly stdout = '',
  ) {
    const detail = (stderr || stdout).trim();
    super(`${host}: \`${command}\` exited with ${code ?? 'a signal'}${detail ? `\n${detail}` : ''}`);
  }
}

/** The run was interrupted (Ctrl-C). */
export class AbortedError extends GantryError {
  override name = 'AbortedError';
  constructor(message = 'interrupted') {
    super(message);
  }
}
