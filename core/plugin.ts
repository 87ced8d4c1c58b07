/**
 * Plugins and presets. A plugin's `apply(engine)` only taps hooks (no I/O), so drawing a graph
 * or a dry run has no side effects. A preset is a list of plugins plus config defaults; presets
 * nest and are flattened depth-first, falsy entries dropped (as Vite does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TSchema } from 'typebox';
import { GantryError } from './errors.js';
import type { Engine } from './engine.js';

export interface Plugin {
  name: string;
  /** Shown by `gantry plugins` (a package's own version is read from its package.json). */
  version?: string;
  apply(engine: Engine): void;
  /** The plugin's own top-level config section, validated and documented like the built-in ones. */
  config?: PluginConfigSection;
  /** Presets the plugin ships; `preset:` in config may name them. */
  presets?: Preset[];
}

/** A config section owned by a plugin: `schema` (typebox) validates it, `example` is what `gantry docs <name>` prints. */
export interface PluginConfigSection {
  name: string;
  schema: TSchema;
  /** A commented YAML example of the section (first line: a one-line summary). */
  example?: string;
}

/** Where a plugin came from, for `gantry plugins`. */
export interface PluginOrigin {
  source: 'built-in' | 'package' | 'path';
  specifier?: string;
  version?: string;
}

const origins = new WeakMap<Plugin, PluginOrigin>();

/** A user plugin's origin as loaded; built-in otherwise. */
export function pluginOrigin(plugin: Plugin): PluginOrigin {
  return origins.get(plugin) ?? { source: 'built-in', version: plugin.version };
}

export interface Preset {
  name: string;
  plugins: PluginSpec[];
  /** Config defaults placed under the user's config (the user's values win). */
  defaults?: Record<string, unknown>;
}

export type PluginSpec = Plugin | Preset | false | null | undefined;

export const definePlugin = (plugin: Plugin): Plugin => plugin;
export const definePreset = (preset: Preset): Preset => preset;

function isPreset(spec: Plugin | Preset): spec is Preset {
  return Array.isArray((spec as Preset).plugins);
}

/** Flattens presets depth-first; a plugin name seen twice keeps its first place (a preset may repeat a base plugin). */
export function flattenPlugins(specs: PluginSpec[]): Plugin[] {
  const out = new Map<string, Plugin>();
  const walk = (list: PluginSpec[]) => {
    for (const spec of list) {
      if (!spec) continue;
      if (isPreset(spec)) walk(spec.plugins);
      else if (!out.has(spec.name)) out.set(spec.name, spec);
    }
  };
  walk(specs);
  return [...out.values()];
}

/** The config defaults of every preset in the list, outermost last so it wins. */
export function presetDefaults(specs: PluginSpec[]): Record<string, unknown>[] {
  return specs.flatMap((spec) => (spec && isPreset(spec) ? [...presetDefaults(spec.plugins), spec.defaults ?? {}] : []));
}

/** A `plugins:` entry in config: a module path (relative to the project) or a package installed in the project, optionally with options. */
export type UserPluginEntry = string | [string, unknown];

/** Turns a problem with the `plugins:` entry at `index` into an error (positioned, when the caller knows where). */
export type PluginProblem = (index: number, message: string) => Error;

/** Loads user plugins. A module's default export is a Plugin or a factory `(options) => Plugin`. */
export async function loadUserPlugins(
  entries: UserPluginEntry[],
  root: string,
  problemAt: PluginProblem = (_index, message) => new GantryError(message),
): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  for (const [index, entry] of entries.entries()) {
    const [specifier, options] = typeof entry === 'string' ? [entry, undefined] : entry;
    let plugin: unknown;
    let version: string | undefined;
    const isPath = isPathSpecifier(specifier);
    try {
      const module = await importPluginModule(specifier, root);
      if (!isPath) version = installedVersion(specifier, root);
      const exported: unknown = (module as { default?: unknown }).default ?? module;
      plugin = typeof exported === 'function' ? (exported as (o: unknown) => unknown)(options) : exported;
    } catch (error) {
      throw problemAt(index, error instanceof GantryError ? error.message : `plugin ${specifier}: its factory failed: ${(error as Error).message}`);
    }
    if (!isPlugin(plugin)) {
      throw problemAt(index, `plugin ${specifier}: its default export must be a plugin { name, apply(engine) } or a function returning one`);
    }
    origins.set(plugin, { source: isPath ? 'path' : 'package', specifier, version: plugin.version ?? version });
    plugins.push(plugin);
  }
  return plugins;
}

function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && typeof (value as Plugin).name === 'string' && typeof (value as Plugin).apply === 'function';
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || path.isAbsolute(specifier);
}

/** The `version` of the installed package a specifier names, from the project's node_modules. */
function installedVersion(specifier: string, root: string): string | undefined {
  const name = packageName(specifier);
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function importPluginModule(specifier: string, root: string): Promise<unknown> {
  const isPath = isPathSpecifier(specifier);
  try {
    const target = pathToFileURL(isPath ? path.resolve(root, specifier) : resolvePackage(specifier, root)).href;
    if (isPath && /\.[cm]?ts$/.test(specifier)) return await importTypeScript(target);
    return await import(target);
  } catch (error) {
    if (error instanceof GantryError) throw error;
    throw new GantryError(`could not load plugin ${specifier}: ${(error as Error).message}`);
  }
}

/**
 * A package specifier resolved from the project's own folder (its node_modules, walking up), not
 * from Gantry's install location: the package's `exports` (import/default conditions), else
 * `main`, else index.js. Subpaths (`pkg/sub`) go through Node's resolution from the project.
 */
export function resolvePackage(specifier: string, root: string): string {
  const name = packageName(specifier);
  if (name === specifier) {
    for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
      const packageDir = path.join(dir, 'node_modules', name);
      const manifest = path.join(packageDir, 'package.json');
      if (existsSync(manifest)) return path.join(packageDir, packageEntry(JSON.parse(readFileSync(manifest, 'utf8')) as PackageManifest));
      if (path.dirname(dir) === dir) break;
    }
  }
  try {
    return createRequire(path.join(path.resolve(root), 'package.json')).resolve(specifier);
  } catch {
    throw new GantryError(`could not load plugin ${specifier}: not installed in ${root} (npm i -D ${name} there)`);
  }
}

interface PackageManifest {
  exports?: unknown;
  main?: string;
}

function packageEntry(manifest: PackageManifest): string {
  const fromExports = exportTarget(isRecord(manifest.exports) && '.' in manifest.exports ? manifest.exports['.'] : manifest.exports);
  return fromExports ?? manifest.main ?? 'index.js';
}

/** The target of an `exports` entry under the import/default conditions. */
function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!isRecord(entry)) return undefined;
  for (const condition of ['import', 'default', 'node']) {
    const target = exportTarget(entry[condition]);
    if (target) return target;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Node 20 cannot import TypeScript by itself; tsx can, when the project has it. */
async function importTypeScript(url: string): Promise<unknown> {
  let api: { tsImport(specifier: string, parent: string): Promise<unknown> };
  try {
    api = (await import('tsx/esm/api')) as typeof api;
  } catch {
    throw new GantryError(`plugin ${url} is TypeScript: install tsx in the project (npm i -D tsx) or compile it to .js`);
  }
  return api.tsImport(url, import.meta.url);
}
