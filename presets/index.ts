/** Presets by name, as `preset:` in config picks them. */
import { GantryError } from '../core/errors.js';
import type { Plugin, Preset } from '../core/plugin.js';
import { basePreset } from './base.js';
import { railsPreset } from './rails/index.js';

const PRESETS: Record<string, Preset> = { base: basePreset, rails: railsPreset };

/** The preset `preset:` names: a built-in one, or one a plugin from `plugins:` ships. */
export function presetFor(name: string | undefined, plugins: readonly Plugin[] = []): Preset {
  if (!name) return basePreset;
  const shipped = Object.fromEntries(plugins.flatMap((plugin) => (plugin.presets ?? []).map((preset) => [preset.name, preset] as const)));
  const available: Record<string, Preset> = { ...shipped, ...PRESETS };
  const preset = available[name];
  if (!preset) throw new GantryError(`unknown preset "${name}" (presets: ${Object.keys(available).join(', ')})`);
  return preset;
}
