/** A config problem found after loading (by a plugin, or the command line), at its key's position. */
import { ConfigError } from '../errors.js';
import { pointerSegments, positionOf } from './positions.js';
import type { LoadedConfig } from './types.js';

export function configProblem(loaded: LoadedConfig, pointer: string, message: string): ConfigError {
  const position = positionOf(loaded.positions ?? new Map(), pointer, loaded.file);
  // `plugins[0]`, `aliases.lock`: list indexes in brackets, as validation prints them.
  const path = pointerSegments(pointer).reduce((out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
  return new ConfigError([{ ...position, path, message }]);
}
