/**
 * An accessory file's content and mode, read from the project: `.erb` files are rendered with
 * the config's ERB subset, with the accessory's clear env over the process env (as Kamal renders
 * them with its clear env loaded; secrets are not exposed to templates). The local file's mode is
 * kept unless the config sets one.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderErb } from '../../core/config/erb.js';
import { GantryError } from '../../core/errors.js';
import type { Accessory, AccessoryFile } from './settings.js';

export interface FileContent {
  content: string | Buffer;
  mode: number;
}

export function readAccessoryFile(root: string, accessory: Accessory, file: AccessoryFile, env: NodeJS.ProcessEnv = process.env): FileContent {
  const path = resolve(root, file.local);
  let mode: number;
  let bytes: Buffer;
  try {
    mode = statSync(path).mode & 0o7777;
    bytes = readFileSync(path);
  } catch (error) {
    throw new GantryError(`accessory ${accessory.name}: cannot read file ${file.local}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const content = file.local.endsWith('.erb') ? renderErb(bytes.toString('utf8'), path, { ...env, ...accessory.env.clear }).text : bytes;
  return { content, mode: file.mode ?? mode };
}
