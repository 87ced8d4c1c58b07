/** Presets by name, as `preset:` in config picks them. */
import { GantryError } from '../core/errors.js';
import type { Preset } from '../core/plugin.js';
import { basePreset } from './base.js';
import { railsPreset } from './rails/index.js';

const PRESETS: Record<string, Preset> = { base: basePreset, rails: railsPreset };

export function presetFor(name: string | undefined): Preset {
  if (!name) return basePreset;
  const preset = PRESETS[name];
  if (!preset) throw new GantryError(`unknown preset "${name}" (presets: ${Object.keys(PRESETS).join(', ')})`);
  return preset;
}
