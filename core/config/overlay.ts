/**
 * Destination overlays (`-d DEST`): `<base>.<dest>.yml` over the base. Hashes merge
 * recursively; arrays and scalars replace (Kamal's rule). Positions follow the value.
 */
import { basename, dirname, extname, join } from 'node:path';
import { childPointer, type PositionMap } from './positions.js';
import type { ConfigSource } from './yaml-source.js';

/** `config/deploy.yml` + `staging` → `config/deploy.staging.yml`; `.gantryrc` → `.gantryrc.staging`. */
export function overlayFileFor(baseFile: string, destination: string): string {
  const name = basename(baseFile);
  const ext = extname(name);
  return join(dirname(baseFile), ext ? `${name.slice(0, -ext.length)}.${destination}${ext}` : `${name}.${destination}`);
}

export function isHash(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyOverlay(base: ConfigSource, overlay: ConfigSource): ConfigSource {
  const positions: PositionMap = new Map(base.positions);
  const data = mergeValue(base.data, overlay.data, '', positions, overlay.positions);
  return { file: base.file, data, positions };
}

function mergeValue(base: unknown, over: unknown, pointer: string, positions: PositionMap, overPositions: PositionMap): unknown {
  if (!isHash(base) || !isHash(over)) {
    takePositions(pointer, positions, overPositions);
    return over;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const keyPointer = childPointer(pointer, key);
    const both = Object.hasOwn(base, key) && isHash(base[key]) && isHash(value);
    // defineProperty: a YAML key named `__proto__` must stay a plain key.
    Object.defineProperty(merged, key, {
      value: both ? mergeValue(base[key], value, keyPointer, positions, overPositions) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (both) copyPosition(keyPointer, positions, overPositions);
    else takePositions(keyPointer, positions, overPositions);
  }
  return merged;
}

/** The overlay's value replaces the base's: so do its positions, below the key too. */
function takePositions(pointer: string, positions: PositionMap, overPositions: PositionMap): void {
  for (const key of [...positions.keys()]) if (key === pointer || key.startsWith(`${pointer}/`)) positions.delete(key);
  for (const [key, position] of overPositions) if (key === pointer || key.startsWith(`${pointer}/`)) positions.set(key, position);
}

/** Both files define the hash: the key points at the overlay, its children at whoever set them. */
function copyPosition(pointer: string, positions: PositionMap, overPositions: PositionMap): void {
  const position = overPositions.get(pointer);
  if (position) positions.set(pointer, position);
}
