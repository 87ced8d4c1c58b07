/**
 * Finding the config file (cosmiconfig, this directory only) and reading it. YAML and JSON
 * stay text here: yaml-source.ts parses them with positions after ERB.
 */
import { cosmiconfig, defaultLoaders, type Loader } from 'cosmiconfig';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';

/** In order; `config/deploy.yml` lets a Kamal 2 project work unchanged. */
export const CONFIG_SEARCH_PLACES = [
  'gantry.yml',
  'gantry.yaml',
  '.gantryrc',
  '.gantryrc.yml',
  '.gantryrc.yaml',
  '.gantryrc.json',
  'gantry.config.mjs',
  'gantry.config.js',
  'gantry.config.ts',
  'config/deploy.yml',
];

/** A config file as read: text to parse (YAML/JSON), or the value a JS/TS module exported. */
export type RawConfig = { file: string; text: string } | { file: string; value: unknown };

class ConfigText {
  constructor(readonly text: string) {}
}
class ConfigModule {
  constructor(readonly value: unknown) {}
}

const keepText: Loader = (_file, content) => new ConfigText(content);
const importModule =
  (load: Loader): Loader =>
  async (file, content) =>
    new ConfigModule(await load(file, content));

function explorer() {
  return cosmiconfig('gantry', {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'none',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: {
      '.yml': keepText,
      '.yaml': keepText,
      '.json': keepText,
      noExt: keepText,
      '.mjs': importModule(defaultLoaders['.mjs']),
      '.cjs': importModule(defaultLoaders['.cjs']),
      '.js': importModule(defaultLoaders['.js']),
      '.ts': importModule(defaultLoaders['.ts']),
    },
  });
}

/** `-c FILE` when given, else the first search place present in `cwd`. */
export async function findConfig(cwd: string, configFile?: string): Promise<RawConfig> {
  if (configFile) {
    const file = resolve(cwd, configFile);
    const found = await readConfigFile(file);
    if (!found) throw fileProblem(file, `config file not found: ${file}`);
    return found;
  }
  const result = await guard(cwd, () => explorer().search(cwd));
  if (!result) {
    const message = `no config file found in ${cwd}; looked for ${CONFIG_SEARCH_PLACES.join(', ')} (or pass -c FILE)`;
    throw fileProblem(cwd, message);
  }
  return toRaw(result.filepath, result.config);
}

/** The file's contents, or undefined when there is no such file. */
export async function readConfigFile(file: string): Promise<RawConfig | undefined> {
  try {
    const result = await guard(file, () => explorer().load(file));
    return result ? toRaw(result.filepath, result.config) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function toRaw(file: string, loaded: unknown): RawConfig {
  if (loaded instanceof ConfigText) return { file, text: loaded.text };
  if (loaded instanceof ConfigModule) {
    if (loaded.value === undefined || loaded.value === null) throw fileProblem(file, 'the module has no default export (export default { service: ... })');
    return { file, value: loaded.value };
  }
  throw fileProblem(file, 'the config file is empty');
}

/** Loader failures (a broken JS config, a .ts config without TypeScript) become ConfigErrors. */
async function guard<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    const failed = (error as { filepath?: string }).filepath ?? file;
    const message = (error as Error).message.split('\n')[0];
    const hint = failed.endsWith('.ts')
      ? '; on Node 20 a TypeScript config needs the `typescript` package installed (or use gantry.config.mjs or gantry.yml)'
      : '';
    throw fileProblem(failed, `could not load the config: ${message}${hint}`);
  }
}

function fileProblem(file: string, message: string): ConfigError {
  return new ConfigError([{ file, line: 1, col: 1, path: '', message }], `${file}: ${message}`);
}
