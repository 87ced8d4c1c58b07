/**
 * The `pre-init` hook: `.kamal/hooks/pre-init` or `.gantry/hooks/pre-init` in the project folder,
 * run before the config is read (so it may write the config or the secrets files). Only what is
 * known then reaches it: KAMAL_/GANTRY_ RECORDED_AT, PERFORMER, DESTINATION, COMMAND, SUBCOMMAND.
 * `hooks_path` cannot move it: the config that says so is not read yet.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { GantryError } from '../errors.js';
import { git } from '../version.js';

export interface PreInitOptions {
  cwd: string;
  configFile?: string;
  destination?: string;
  /** The command words, e.g. `['deploy']` or `['app', 'boot']`. */
  command: string[];
  env: NodeJS.ProcessEnv;
}

/** The project folder a config would be found in: `-c`'s (the parent of `config/`), else cwd. */
function folderOf(options: PreInitOptions): string {
  if (!options.configFile) return options.cwd;
  const dir = dirname(resolve(options.cwd, options.configFile));
  return basename(dir) === 'config' ? dirname(dir) : dir;
}

export function preInitHook(options: PreInitOptions): string | undefined {
  const root = folderOf(options);
  return ['.kamal/hooks/pre-init', '.gantry/hooks/pre-init'].map((path) => join(root, path)).find((file) => existsSync(file));
}

/** Runs the hook when there is one; its output goes to stderr (stdout may be data for a pipe). A failure stops the command. */
export function runPreInit(options: PreInitOptions): void {
  const file = preInitHook(options);
  if (!file) return;
  const root = folderOf(options);
  const known: Record<string, string | undefined> = {
    RECORDED_AT: new Date().toISOString(),
    PERFORMER: git(['config', 'user.email'], root) || os.userInfo().username,
    DESTINATION: options.destination,
    COMMAND: options.command[0],
    SUBCOMMAND: options.command[1],
  };
  const env: NodeJS.ProcessEnv = { ...options.env };
  for (const [key, value] of Object.entries(known)) {
    if (value === undefined) continue;
    env[`KAMAL_${key}`] = value;
    env[`GANTRY_${key}`] = value;
  }
  const result = spawnSync(file, [], { cwd: root, env, stdio: ['inherit', process.stderr, 'inherit'] });
  if (result.error) throw new GantryError(`pre-init hook ${file} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new GantryError(`pre-init hook ${file} failed (exit ${result.status ?? result.signal})`);
}
