/** Builders for the objects core tests need. */
import type { Host } from '../../core/hosts.js';
import type { RunContext } from '../../core/graph/model.js';
import type { LoadedConfig, Secrets } from '../../core/config/types.js';
import type { GantryConfig } from '../../schemas/index.js';

export function host(name: string, roles: string[], primary = false, tags: string[] = []): Host {
  return { name, roles, tags, primary };
}

export function fakeLoadedConfig(config: Partial<GantryConfig> = {}): LoadedConfig {
  const values = new Map<string, string>();
  return {
    file: '/project/config/deploy.yml',
    files: ['/project/config/deploy.yml'],
    root: '/project',
    config: { service: 'app', image: 'acme/app', servers: ['h1'], ...config } as GantryConfig,
    secrets: {
      get: (name) => values.get(name) ?? '',
      has: (name) => values.has(name),
      names: () => [...values.keys()],
      redact: (text) => text,
    },
    kamal: true,
    locate: (issues) => issues.map(({ pointer, message }) => ({ file: '/project/config/deploy.yml', line: 1, col: 1, path: pointer, message })),
  };
}

export function context(hosts: Host[], overrides: Partial<RunContext> = {}): RunContext {
  return {
    graph: 'test',
    config: fakeLoadedConfig(),
    version: 'v1',
    hosts,
    options: {},
    dryRun: false,
    signal: new AbortController().signal,
    state: new Map(),
    log: () => {},
    print: () => {},
    ...overrides,
  };
}

/** Secrets with these values; redact() replaces every one of them. */
export function fakeSecrets(values: Record<string, string>): Secrets {
  return {
    get: (name) => {
      if (!(name in values)) throw new Error(`secret ${name} not found`);
      return values[name]!;
    },
    has: (name) => name in values,
    names: () => Object.keys(values),
    redact: (text) => Object.values(values).reduce((out, value) => out.split(value).join('[REDACTED]'), text),
  };
}
