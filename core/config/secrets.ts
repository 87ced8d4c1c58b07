/**
 * Secrets from dotenv files, as Kamal reads them: `<secrets_path>-common`, then
 * `<secrets_path>` (no destination) or `<secrets_path>.<dest>`; later files win. Files are
 * parsed on first use and `$(command)`s run only when a value is first read.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { expandEntry, parseDotenv, type DotenvEntry } from './dotenv.js';
import { secretsCommandEnv } from './secrets-shell.js';
import { simpleCommandWords } from './simple-words.js';
import { redactForms, redactedForms } from './redact.js';
import type { Secrets } from './types.js';

export interface SecretsOptions {
  /** Project root: relative paths and `$(command)`s start here. */
  root: string;
  /** `secrets_path` from the config (relative to root, or absolute). */
  secretsPath: string;
  destination?: string;
  env: NodeJS.ProcessEnv;
  /** Where a failing `$(command)` is reported (default: a line on stderr). */
  warn?(message: string): void;
  /**
   * Runs a `$(command)` inside this process when it is one Gantry answers itself (`kamal secrets
   * extract …`), given its words as sh would split them: returns its output, or undefined to run
   * it in a shell. Keeps secrets that a command takes as arguments out of any process's argv.
   */
  inline?(words: string[]): string | undefined;
}

export function secretsFiles(root: string, secretsPath: string, destination?: string): string[] {
  const base = resolve(root, secretsPath);
  return [`${base}-common`, destination ? `${base}.${destination}` : base];
}

export function createSecrets(options: SecretsOptions): Secrets {
  const files = secretsFiles(options.root, options.secretsPath, options.destination);
  let entries: DotenvEntry[] | undefined;
  let keys: Set<string> | undefined;
  let values: Map<string, string> | undefined;
  const revealed = new Set<string>();

  const parsed = () => (entries ??= files.flatMap((file) => (existsSync(file) ? parseDotenv(readSecretsFile(file), file) : [])));
  const names = () => (keys ??= new Set(parsed().map((entry) => entry.key)));
  const resolved = () => (values ??= expandAll(parsed(), options));
  // Both sets only grow, so their sizes tell when the redacted forms must be worked out again.
  let forms: { version: string; list: string[] } | undefined;
  const currentForms = (): string[] => {
    const version = `${revealed.size}/${values?.size ?? -1}`;
    if (forms?.version !== version) forms = { version, list: redactedForms([...revealed, ...(values?.values() ?? [])]) };
    return forms.list;
  };

  return {
    get(name) {
      if (names().has(name)) {
        const value = resolved().get(name)!;
        revealed.add(value);
        return value;
      }
      const fromEnv = options.env[name];
      if (fromEnv !== undefined) {
        revealed.add(fromEnv);
        return fromEnv;
      }
      const message = `secret ${name} not found in ${files.join(', ')} or the environment`;
      throw new ConfigError([{ file: files[files.length - 1], line: 1, col: 1, path: name, message }], message);
    },
    has: (name) => names().has(name) || options.env[name] !== undefined,
    names: () => [...names()],
    redact: (text) => redactForms(text, currentForms()),
  };
}

function readSecretsFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const message = `cannot read the secrets file: ${(error as Error).message}`;
    throw new ConfigError([{ file, line: 1, col: 1, path: '', message }]);
  }
}

/** In file order, so `$VAR` sees the keys above it (a later file then overrides). */
function expandAll(entries: DotenvEntry[], options: SecretsOptions): Map<string, string> {
  const values = new Map<string, string>();
  for (const entry of entries) {
    values.set(
      entry.key,
      expandEntry(entry, {
        lookup: (name) => values.get(name) ?? options.env[name],
        run: (command, from) => runCommand(command, from, options, values),
      }),
    );
  }
  return values;
}

function runCommand(command: string, entry: DotenvEntry, options: SecretsOptions, earlier: Map<string, string>): string {
  const env = secretsCommandEnv({ ...options.env, ...Object.fromEntries(earlier) }, options.destination);
  const inline = runInline(command, entry, options, env);
  if (inline !== undefined) return inline;
  const result = spawnSync('sh', ['-c', command], {
    cwd: options.root,
    env,
    // stdin and stderr stay the terminal: password managers prompt and explain failures there.
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.error) {
    throw new ConfigError([{ file: entry.file, line: entry.line, col: entry.col, path: entry.key, message: `could not run its $(…) command: ${result.error.message}` }]);
  }
  if (result.status !== 0) {
    // As Kamal does, carry on with what the command printed; say where, never what.
    warn(options, entry, `its $(…) command exited with ${result.status ?? result.signal}; ${entry.key} is set to what it printed`);
  }
  return result.stdout.replace(/\n+$/, '');
}

/** As Kamal runs `kamal secrets …` inside its own process: the expanded `$SECRETS` never reaches a program's argv. */
function runInline(command: string, entry: DotenvEntry, options: SecretsOptions, env: NodeJS.ProcessEnv): string | undefined {
  const words = options.inline && simpleCommandWords(command, (name) => env[name]);
  if (!words) return undefined;
  try {
    return options.inline!(words)?.replace(/\n+$/, '');
  } catch (error) {
    // The message names keys, never values (extract's "could not find secret X (keys: …)").
    warn(options, entry, `its $(…) command failed: ${(error as Error).message}; ${entry.key} is set to ''`);
    return '';
  }
}

function warn(options: SecretsOptions, entry: DotenvEntry, message: string): void {
  const where = `${relative(options.root, entry.file) || entry.file}:${entry.line}`;
  (options.warn ?? warnOnStderr)(`${where} ${entry.key}: ${message}`);
}

function warnOnStderr(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}
