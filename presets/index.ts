/** Presets by name, as `preset:` in config picks them. */
import { GantryError } from '../core/errors.js';
import type { Plugin, Preset } from '../core/plugin.js';
import { basePreset } from './base.js';
import { railsPreset } from './rails/index.js';
import { RAILS_SECRETS, railsConfigTemplate, serviceNameFrom } from './rails/template.js';

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

/** The files `gantry init --preset NAME` writes in `folder`; undefined: the documented defaults (base). */
export function initTexts(name: string, folder: string): { deployYml: string; secrets: string } | undefined {
  presetFor(name);
  if (name !== 'rails') return undefined;
  const service = serviceNameFrom(folder);
  const deployYml = railsConfigTemplate({ service, image: `my-user/${service}`, host: '192.168.0.1', registry: 'ghcr.io', username: 'my-user' });
  return { deployYml, secrets: RAILS_SECRETS };
}
