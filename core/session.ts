/**
 * One CLI invocation: the config (loaded once), the engine with its plugins, and the actions
 * behind each command. Kept apart from cli.ts so the fast paths there import nothing heavy.
 */
import { loadConfig } from './config/load.js';
import { renderConfig } from './config/render.js';
import { docsFor } from './config/docs.js';
import type { LoadedConfig } from './config/types.js';
import { Engine } from './engine.js';
import { GantryError } from './errors.js';
import { drawGraph, type GraphFormat } from './graph/draw.js';
import type { GraphDecl, RunContext } from './graph/model.js';
import { buildInventory, filterHosts, type ServersSection } from './inventory.js';
import { flattenPlugins, loadUserPlugins, presetDefaults, type UserPluginEntry } from './plugin.js';
import { presetFor } from '../presets/index.js';
import type { RunOptions } from './cli.js';
import { resolveVersion } from './version.js';
import { runGraph } from './run/scheduler.js';
import { chooseReporter, silentReporter } from './run/reporter.js';
import { formatFailureReport } from './run/report.js';
import { withInterruptHandling } from './run/signals.js';
import { printDryRun } from './dry-run.js';
import { createTransportFactory } from './transport/factory.js';
import { offlineTransports } from './transport/offline.js';
import { sshOptionsFrom } from './ssh-options.js';
import { deepMergeUnder } from './merge.js';

/** -c and -d can stand anywhere on the line; the config must be known before commands are built. */
function preparse(argv: string[]): { configFile?: string; destination?: string } {
  const valueOf = (short: string, long: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === short || arg === long) return argv[i + 1];
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    }
    return undefined;
  };
  return { configFile: valueOf('-c', '--config-file'), destination: valueOf('-d', '--destination') };
}

export class Session {
  exitCode = 0;

  private constructor(
    private readonly engine: Engine,
    private readonly loaded: LoadedConfig | undefined,
    private readonly loadError: unknown,
  ) {}

  static async create(argv: string[]): Promise<Session> {
    const pre = preparse(argv);
    let loaded: LoadedConfig | undefined;
    let loadError: unknown;
    try {
      loaded = await loadConfig({ cwd: process.cwd(), configFile: pre.configFile, destination: pre.destination });
    } catch (error) {
      loadError = error;
    }
    const specs = [presetFor(loaded?.config.preset)];
    if (loaded) {
      loaded.config = deepMergeUnder(loaded.config, presetDefaults(specs));
    }
    const userPlugins = loaded ? await loadUserPlugins((loaded.config.plugins ?? []) as UserPluginEntry[], loaded.root) : [];
    const engine = new Engine([...flattenPlugins(specs), ...userPlugins], loaded);
    if (loaded) loaded.config = await engine.hooks.config.promise(loaded.config);
    return new Session(engine, loaded, loadError);
  }

  graphs(): GraphDecl[] {
    return [...this.engine.graphDecls().values()];
  }

  /** `aliases:` from config (none without a config). */
  aliases(): Record<string, string> {
    return (this.loaded?.config.aliases ?? {}) as Record<string, string>;
  }

  private config(): LoadedConfig {
    if (this.loaded) return this.loaded;
    throw this.loadError ?? new GantryError('no config found');
  }

  private context(graph: string, options: RunOptions, positional: Record<string, unknown>, signal: AbortSignal, dryRun: boolean): RunContext {
    const loaded = this.config();
    const { config } = loaded;
    const inventory = buildInventory(config.servers as ServersSection, config.primary_role ?? 'web');
    const version = (positional.version as string | undefined) ?? this.version(graph, options, loaded);
    return {
      graph,
      config: loaded,
      version,
      destination: loaded.destination,
      hosts: filterHosts(inventory, options),
      options: { ...options, ...positional },
      dryRun,
      signal,
      state: new Map(),
      log: (message) => process.stderr.write(`${loaded.secrets.redact(message)}\n`),
      print: (text) => process.stdout.write(`${loaded.secrets.redact(text)}\n`),
    };
  }

  /** The version to deploy; graphs that boot no version fall back to `latest` outside a git repo. */
  private version(graph: string, options: RunOptions, loaded: LoadedConfig): string {
    const sources = {
      cliVersion: options.version,
      envVersion: process.env.VERSION,
      root: loaded.root,
      buildsWorkingTree: loaded.config.builder?.context !== undefined,
    };
    if (this.engine.decl(graph).deploysVersion) return resolveVersion(sources);
    try {
      return resolveVersion(sources);
    } catch {
      return 'latest';
    }
  }

  async runGraph(name: string, options: RunOptions, positional: Record<string, unknown>): Promise<number> {
    const loaded = this.config();
    const dryRun = Boolean(options.dryRun);
    const controller = new AbortController();
    const ctx = this.context(name, options, positional, controller.signal, dryRun);
    const graph = this.engine.resolve(name, ctx);
    const transports = dryRun ? offlineTransports() : createTransportFactory({ ssh: sshOptionsFrom(loaded, (line) => ctx.log(`ssh: ${line}`)) });
    const reporter = dryRun
      ? silentReporter()
      : chooseReporter({ json: Boolean(options.json), tty: Boolean(process.stdout.isTTY), ci: Boolean(process.env.CI), verbose: Boolean(options.verbose) });
    try {
      const result = await withInterruptHandling(controller, () =>
        runGraph(graph, { ctx, transports, hooks: this.engine.hooks, reporter, redact: (text) => loaded.secrets.redact(text) }),
      );
      if (dryRun) process.stdout.write(printDryRun(result));
      if (!result.ok) process.stderr.write(`${formatFailureReport(result)}\n`);
      return result.exitCode;
    } finally {
      await transports.closeAll();
    }
  }

  async printConfig(): Promise<void> {
    process.stdout.write(renderConfig(this.config()));
  }

  async printDocs(section?: string): Promise<void> {
    process.stdout.write(docsFor(section));
  }

  async printGraph(name: string, options: RunOptions & { format: GraphFormat }): Promise<void> {
    const ctx = this.context(name, { ...options, version: options.version ?? '<version>' }, { version: '<version>' }, new AbortController().signal, true);
    process.stdout.write(`${drawGraph(this.engine.resolve(name, ctx), options.format)}\n`);
  }
}
