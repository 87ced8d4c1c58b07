/** A config problem found after loading (by a plugin, or the command line), at its key's position. */
import { ConfigError } from '../errors.js';
import { pointerSegments, positionOf } from './positions.js';
import type { LoadedConfig } from './types.js';

export function configProblem(loaded: LoadedConfig, pointer: string, message: string): ConfigError {
  const position = positionOf(loaded.positions ?? new Map(), pointer, loaded.file);
  return new ConfigError([{ ...position, path: pointerSegments(pointer).join('.'), message }]);
}
