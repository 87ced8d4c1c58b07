/**
 * One CLI invocation: the config (loaded once), the engine with its plugins, and the actions
 * behind each command. Kept apart from cli.ts so the fast paths there import nothing heavy.
 */
import { loadConfig } from '../core/config/load.js';
import { configRedactor, redactedConfig, renderConfig } from '../core/config/render.js';
import { docsFor } from '../core/config/docs.js';
import type { LoadedConfig } from '../core/config/types.js';
import { Engine } from '../core/engine.js';
import { GantryError } from '../core/errors.js';
import { drawGraph, type GraphFormat } from '../core/graph/draw.js';
import type { GraphDecl, RunContext } from '../core/graph/model.js';
import { buildInventory, filterHosts, type ServersSection } from '../core/inventory.js';
import { flattenPlugins, loadUserPlugins, presetDefaults, type UserPluginEntry } from '../core/plugin.js';
import { presetFor } from '../presets/index.js';
import type { RunOptions } from './cli.js';
import { checkedVersion, resolveVersion } from '../core/version.js';
import { runGraph } from '../core/run/scheduler.js';
import { chooseReporter, silentReporter } from '../core/run/reporter.js';
import { formatFailureReport } from '../core/run/report.js';
import { withInterruptHandling } from '../core/run/signals.js';
import { printDryRun } from '../core/dry-run.js';
import { dryRunJson, jsonLine } from '../core/run/json-lines.js';
import { createTransportFactory } from '../core/transport/factory.js';
import { offlineTransports } from '../core/transport/offline.js';
import { sshOptionsFrom } from '../core/ssh-options.js';
import { deepMergeUnder } from '../core/merge.js';
import { checkAliasNames } from '../core/command-names.js';
import { configProblem } from '../core/config/problem.js';
import { childPointer } from '../core/config/positions.js';

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
    const pluginProblem = (index: number, message: string) => configProblem(loaded!, childPointer('/plugins', index), message);
    const userPlugins = loaded ? await loadUserPlugins((loaded.config.plugins ?? []) as UserPluginEntry[], loaded.root, pluginProblem) : [];
    const engine = new Engine([...flattenPlugins(specs), ...userPlugins], loaded);
    if (loaded) {
      engine.checkConfig();
      loaded.config = await engine.hooks.config.promise(loaded.config);
    }
    const session = new Session(engine, loaded, loadError);
    if (loaded) checkAliasNames(loaded, session.aliases(), session.graphs().map((decl) => decl.name));
    return session;
  }

  /** Every named graph, with the CLI options of its `extends` chain. */
  graphs(): GraphDecl[] {
    return [...this.engine.graphDecls().values()].map((decl) => ({ ...decl, options: this.engine.optionsOf(decl.name) }));
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
    const redact = configRedactor(loaded);
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
      log: (message) => process.stderr.write(`${redact(message)}\n`),
      print: (text) => {
        const redacted = redact(text);
        process.stdout.write(options.json ? jsonLine('print', { graph, text: redacted }) : `${redacted}\n`);
      },
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
    // A bad --version or $VERSION is an error even for graphs that would fall back to `latest`.
    if (sources.cliVersion !== undefined) checkedVersion('--version', sources.cliVersion);
    if (sources.envVersion) checkedVersion('$VERSION', sources.envVersion);
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
    if (typeof positional.version === 'string') checkedVersion('version', positional.version);
    const controller = new AbortController();
    const ctx = this.context(name, options, positional, controller.signal, dryRun);
    const graph = this.engine.resolve(name, ctx);
    const transports = dryRun ? offlineTransports() : createTransportFactory({ ssh: sshOptionsFrom(loaded, (line) => ctx.log(`ssh: ${line}`)) });
    const reporter = dryRun
      ? silentReporter()
      : chooseReporter({ json: Boolean(options.json), tty: Boolean(process.stdout.isTTY), ci: Boolean(process.env.CI), verbose: Boolean(options.verbose) });
    try {
      const result = await withInterruptHandling(controller, () =>
        runGraph(graph, { ctx, transports, hooks: this.engine.hooks, reporter, redact: configRedactor(loaded) }),
      );
      if (dryRun) process.stdout.write(options.json ? dryRunJson(result) : printDryRun(result));
      if (!result.ok) process.stderr.write(`${formatFailureReport(result)}\n`);
      return result.exitCode;
    } finally {
      await transports.closeAll();
    }
  }

  async printConfig(options: { json?: boolean } = {}): Promise<void> {
    const loaded = this.config();
    process.stdout.write(options.json ? jsonLine('config', { files: loaded.files, destination: loaded.destination, config: redactedConfig(loaded) }) : renderConfig(loaded));
  }

  async printDocs(section: string | undefined, options: { json?: boolean } = {}): Promise<void> {
    process.stdout.write(options.json ? jsonLine('docs', { section, text: docsFor(section) }) : docsFor(section));
  }

  async printGraph(name: string, options: RunOptions & { format: GraphFormat }): Promise<void> {
    const ctx = this.context(name, { ...options, version: options.version ?? '<version>' }, { version: '<version>' }, new AbortController().signal, true);
    const graph = this.engine.resolve(name, ctx);
    // --json is --format json on one line.
    const drawn = options.json ? JSON.stringify(JSON.parse(drawGraph(graph, 'json'))) : drawGraph(graph, options.format);
    process.stdout.write(`${drawn}\n`);
  }
}
