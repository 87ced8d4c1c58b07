import type { GantryConfig } from '../../schemas/index.js';
import type { ConfigProblem } from '../errors.js';
import type { SchemaProblem } from './schema-errors.js';

/** A problem a rule found: the JSON pointer of the key to blame, and what is wrong. */
export type ConfigIssue = SchemaProblem;
import type { PositionMap } from './positions.js';
import type { Plugin } from '../plugin.js';

/** Secret values, resolved lazily (a `$(command)` runs only when a secret is first read). */
export interface Secrets {
  /** The value; throws a ConfigError naming the files searched when the key is missing. */
  get(name: string): string;
  has(name: string): boolean;
  names(): string[];
  /** Replaces every secret value resolved so far with `[REDACTED]`. */
  redact(text: string): string;
}

/** A config file found, parsed, merged with its destination overlay, validated, with defaults. */
export interface LoadedConfig {
  /** Absolute path of the base config file. */
  file: string;
  /** Files merged, base first (base + `<base>.<dest>.yml`). */
  files: string[];
  /** The project directory: where secrets, hooks and the git repo are looked up. */
  root: string;
  destination?: string;
  config: GantryConfig;
  secrets: Secrets;
  /** The plugins named in `plugins:`, loaded from the project (before validation: their sections are part of the schema). */
  plugins?: Plugin[];
  /** Where each key was written (absent for JS configs and test fakes): for errors found after loading. */
  positions?: PositionMap;
  /** True when the config came from `config/deploy.yml` or `.kamal/` state is in use (Kamal names). */
  kamal: boolean;
  /** Positions issues found after loading (plugins' config rules) as `file:line:col key.path`. */
  locate(issues: ConfigIssue[]): ConfigProblem[];
}
