/**
 * The config pipeline: find → ERB + YAML (with positions) → destination overlay → defaults
 * and validation → secrets. Every user mistake surfaces as a ConfigError.
 */
import type { TSchema } from 'typebox';
import { ConfigError } from '../errors.js';
import { loadUserPlugins, type Plugin, type UserPluginEntry } from '../plugin.js';
import { childPointer, positionOf } from './positions.js';
import { applyDerivedDefaults } from './derived.js';
import { findConfig, readConfigFile, type RawConfig } from './find.js';
import { applyOverlay, isHash, overlayFileFor } from './overlay.js';
import { isKamalProject, projectRoot } from './project.js';
import { nameProblem } from './names.js';
import { createSecrets } from './secrets.js';
import type { LoadedConfig } from './types.js';
import { locate, validateConfig } from './validate.js';
import { parseYamlSource, type ConfigSource } from './yaml-source.js';

export interface LoadOptions {
  /** Where to look for the config (and what `-c FILE` is relative to). */
  cwd: string;
  /** `-c FILE`. */
  configFile?: string;
  /** `-d DESTINATION`: merges `<config>.<destination>.yml` over the config. */
  destination?: string;
  /** The environment ERB and secrets see; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Secrets-file commands Gantry runs in-process (see SecretsOptions.inline). */
  inlineSecretsCommand?(words: string[]): string | undefined;
}

export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const { destination } = options;
  const base = await findConfig(options.cwd, options.configFile);
  const badDestination = destination === undefined ? undefined : nameProblem('destination', destination);
  if (badDestination) throw new ConfigError([{ file: base.file, line: 1, col: 1, path: '', message: badDestination }]);
  // ERB sees the destination under both names (Kamal configs read KAMAL_DESTINATION).
  const erbEnv = destination ? { ...env, KAMAL_DESTINATION: destination, GANTRY_DESTINATION: destination } : env;

  let source = toSource(base, erbEnv);
  const files = [base.file];
  if (destination) {
    const overlayFile = overlayFileFor(base.file, destination);
    const overlay = await readConfigFile(overlayFile);
    if (!overlay) {
      const message = `destination "${destination}": config file not found: ${overlayFile}`;
      throw new ConfigError([{ file: overlayFile, line: 1, col: 1, path: '', message }], message);
    }
    source = applyOverlay(source, toSource(overlay, erbEnv));
    files.push(overlay.file);
  }

  const root = projectRoot(base.file);
  const kamal = isKamalProject(base.file, root);
  const plugins = await userPlugins(source, root);
  const config = applyDerivedDefaults(await validateConfig(source, { files, destination, sections: await pluginSections(source, plugins) }), kamal);
  const secrets = createSecrets({ root, secretsPath: config.secrets_path, destination, env, inline: options.inlineSecretsCommand });
  return {
    file: base.file,
    files,
    root,
    destination,
    config,
    secrets,
    kamal,
    plugins,
    positions: source.positions,
    locate: (issues) => locate(issues, source, config, files),
  };
}

/** The `plugins:` entries, loaded before validation so their own config sections validate with the rest. */
async function userPlugins(source: ConfigSource, root: string): Promise<Plugin[]> {
  const entries = isHash(source.data) ? source.data.plugins : undefined;
  // A malformed `plugins:` is reported by validation, with the rest.
  if (!isPluginEntries(entries)) return [];
  const problemAt = (index: number, message: string) => {
    const pointer = childPointer('/plugins', index);
    return new ConfigError([{ ...positionOf(source.positions, pointer, source.file), path: `plugins[${index}]`, message }]);
  };
  return loadUserPlugins(entries, root, problemAt);
}

/** The shape PluginsSchema allows, checked without loading typebox (it costs most of start-up). */
function isPluginEntries(entries: unknown): entries is UserPluginEntry[] {
  const isName = (value: unknown) => typeof value === 'string' && value.length > 0;
  const isOptions = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return Array.isArray(entries) && entries.every((entry) => isName(entry) || (Array.isArray(entry) && entry.length === 2 && isName(entry[0]) && isOptions(entry[1])));
}

/** Each plugin's section schema by name; a name a built-in key or another plugin already uses is an error at that plugin's entry. */
async function pluginSections(source: ConfigSource, plugins: Plugin[]): Promise<Record<string, TSchema>> {
  const sections: Record<string, TSchema> = {};
  if (!plugins.some((plugin) => plugin.config)) return sections;
  // Loaded only when a plugin declares a section: the schemas pull in typebox.
  const { BUILT_IN_SECTIONS } = await import('../../schemas/index.js');
  for (const [index, plugin] of plugins.entries()) {
    if (!plugin.config) continue;
    const { name, schema } = plugin.config;
    if (BUILT_IN_SECTIONS.includes(name) || name in sections) {
      const pointer = childPointer('/plugins', index);
      const message = `plugin ${plugin.name}: config section "${name}" is already taken (by ${name in sections ? 'another plugin' : 'Gantry'})`;
      throw new ConfigError([{ ...positionOf(source.positions, pointer, source.file), path: `plugins[${index}]`, message }]);
    }
    sections[name] = schema;
  }
  return sections;
}

function toSource(raw: RawConfig, env: NodeJS.ProcessEnv): ConfigSource {
  if ('text' in raw) return parseYamlSource(raw.file, raw.text, env);
  try {
    // JS configs carry no positions; problems point at the file itself.
    return { file: raw.file, data: structuredClone(raw.value), positions: new Map() };
  } catch (error) {
    throw new ConfigError([{ file: raw.file, line: 1, col: 1, path: '', message: `the config must be plain data: ${(error as Error).message}` }]);
  }
}
