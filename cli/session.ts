/**
 * One CLI invocation: the config (loaded once), the engine with its plugins, and the actions
 * behind each command. Kept apart from cli.ts so the fast paths there import nothing heavy.
 */
import { loadConfig } from '../core/config/load.js';
import { runPreInit } from '../core/config/pre-init.js';
import { IN_SECRETS_FILE } from '../core/config/secrets-shell.js';
import { configRedactor, redactedConfig, renderConfig } from '../core/config/render.js';
import { docsFor } from '../core/config/docs.js';
import { packageVersion } from '../core/config/version.js';
import { formatPluginList, listPlugins } from '../core/plugin-list.js';
import type { LoadedConfig } from '../core/config/types.js';
import { Engine } from '../core/engine.js';
import { ConfigError, GantryError } from '../core/errors.js';
import { drawGraph, type GraphFormat } from '../core/graph/draw.js';
import type { GraphDecl, ResolvedGraph, RunContext } from '../core/graph/model.js';
import { hostsReached } from '../core/graph/hosts-reached.js';
import { buildInventory, filterHosts, type ServersSection } from '../core/inventory.js';
import { flattenPlugins, presetDefaults, type Plugin, type Preset } from '../core/plugin.js';
import { presetFor } from '../presets/index.js';
import { inlineSecretsCommand } from '../plugins/secrets/cli.js';
import type { RunOptions } from './cli.js';
import { checkedVersion, resolveVersion } from '../core/version.js';
import { runGraph } from '../core/run/scheduler.js';
import { chooseReporter, discardingReporter } from '../core/run/reporter.js';
import { formatFailureReport } from '../core/run/report.js';
import { withInterruptHandling } from '../core/run/signals.js';
import { writeDryRun } from '../core/dry-run.js';
import { dryRunJson, jsonLine } from '../core/run/json-lines.js';
import { createTransportFactory } from '../core/transport/factory.js';
import { offlineTransports } from '../core/transport/offline.js';
import { processTerminal } from '../core/transport/terminal.js';
import { sshOptionsFrom } from '../core/ssh-options.js';
import { deepMergeUnder } from '../core/merge.js';
import { checkAliasNames } from '../core/command-names.js';
import { mark } from '../core/timing.js';
import { ConfirmationNeeded } from '../core/graph/confirm.js';
import { askYesNo } from './confirm.js';
import { writeFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { TraceRecorder } from '../core/run/trace/recorder.js';

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

/**
 * The pre-init hook runs before commands that act, not for help, docs, drawing, dry runs,
 * `--skip-hooks`, or a Gantry called from inside a secrets file.
 */
function runsPreInit(argv: string[]): boolean {
  const quiet = new Set(['--help', '-h', 'help', 'docs', 'version', 'graph', '--dry-run', '-H', '--skip-hooks']);
  return argv.length > 0 && !argv.some((arg) => quiet.has(arg)) && !process.env[IN_SECRETS_FILE];
}

/** The preset `preset:` names; an unknown one is reported where the config names it. */
function presetOf(loaded: LoadedConfig | undefined, plugins: Plugin[]): Preset {
  try {
    return presetFor(loaded?.config.preset, plugins);
  } catch (error) {
    if (!loaded || !(error instanceof GantryError)) throw error;
    throw new ConfigError(loaded.locate([{ pointer: '/preset', message: error.message }]));
  }
}

/** The command words (`app boot`), skipping options and the values of those that take one. */
function commandWords(argv: string[]): string[] {
  const takeValue = new Set(['-c', '--config-file', '-d', '--destination', '--version', '--hosts', '-r', '--roles', '-m', '--message', '--retain']);
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    if (takeValue.has(argv[i]!)) i++;
    else if (!argv[i]!.startsWith('-')) words.push(argv[i]!);
  }
  return words;
}

export class Session {
  exitCode = 0;

  private constructor(
    readonly engine: Engine,
    private readonly loaded: LoadedConfig | undefined,
    private readonly loadError: unknown,
  ) {}

  static async create(argv: string[]): Promise<Session> {
    const pre = preparse(argv);
    let loaded: LoadedConfig | undefined;
    let loadError: unknown;
    if (runsPreInit(argv)) {
      runPreInit({ cwd: process.cwd(), ...pre, command: commandWords(argv), env: process.env });
    }
    try {
      loaded = await loadConfig({ cwd: process.cwd(), configFile: pre.configFile, destination: pre.destination, inlineSecretsCommand });
      mark('config');
    } catch (error) {
      loadError = error;
    }
    const userPlugins = loaded?.plugins ?? [];
    let preset: Preset;
    try {
      preset = presetOf(loaded, userPlugins);
    } catch (error) {
      // Like any config error: reported by the commands that need the config, not by --help.
      [loaded, loadError, preset] = [undefined, error, presetFor(undefined)];
    }
    const specs = [preset];
    if (loaded) {
      loaded.config = deepMergeUnder(loaded.config, presetDefaults(specs));
    }
    const engine = new Engine([...flattenPlugins(specs), ...userPlugins], loaded);
    await engine.settleConfig();
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

  /** The loaded config; throws the load error when there is none. */
  requireConfig(): LoadedConfig {
    if (this.loaded) return this.loaded;
    throw this.loadError ?? new GantryError('no config found');
  }

  private context(graph: string, options: RunOptions, positional: Record<string, unknown>, signal: AbortSignal, dryRun: boolean): RunContext {
    const loaded = this.requireConfig();
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
      buildsWorkingTree: loaded.config.builder?.context !== undefined || Boolean(this.engine.decl(graph).buildsWorkingTree),
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
    const loaded = this.requireConfig();
    const dryRun = Boolean(options.dryRun);
    if (typeof positional.version === 'string') {
      checkedVersion('version', positional.version);
      // `rollback V --version W` would name two versions; the argument is the one it boots.
      if (options.version !== undefined) throw new GantryError(`${name} takes the version as its argument; drop --version ${options.version}`);
    }
    const controller = new AbortController();
    // Every command in flight listens on the run's signal: one per host and more, not a leak.
    setMaxListeners(0, controller.signal);
    const resolved = await this.resolveConfirmed(name, (yes) => this.context(name, yes ? { ...options, confirmed: true } : options, positional, controller.signal, dryRun));
    if (!resolved) {
      process.stderr.write('Aborted: nothing was changed\n');
      return 1;
    }
    const { graph, ctx } = resolved;
    mark('graph');
    const transports = dryRun ? offlineTransports() : createTransportFactory({ ssh: sshOptionsFrom(loaded, (line) => ctx.log(`ssh: ${line}`)), reaches: hostsReached(graph) });
    // Commands whose output is their result (exec, logs) draw no progress unless asked to.
    const quiet = options.quiet || (graph.decl.plainOutput && !options.verbose);
    const reporter =
      dryRun || (quiet && !options.json)
        ? discardingReporter()
        : await chooseReporter({ json: Boolean(options.json), tty: Boolean(process.stdout.isTTY), ci: Boolean(process.env.CI), verbose: Boolean(options.verbose) });
    const terminal = process.stdin.isTTY && process.stdout.isTTY ? processTerminal() : undefined;
    const trace = options.trace ? new TraceRecorder() : undefined;
    const redact = configRedactor(loaded);
    try {
      const result = await withInterruptHandling(
        controller,
        () => runGraph(graph, { ctx, transports, hooks: this.engine.hooks, reporter, terminal, redact, trace }),
        graph.decl.plainOutput ? { notify: () => undefined } : {},
      );
      if (trace && options.trace) writeFileSync(options.trace, `${redact(JSON.stringify(trace.toJSON()))}\n`);
      if (dryRun && options.json) process.stdout.write(dryRunJson(result));
      else if (dryRun) writeDryRun(result, (text) => void process.stdout.write(text));
      // Ctrl-C is how a log follow ends: nothing failed, so there is nothing to report.
      const followEnded = graph.decl.plainOutput && result.interrupted && !result.failures.length;
      if (!result.ok && !followEnded) process.stderr.write(`${formatFailureReport(result)}\n`);
      return result.exitCode;
    } finally {
      await transports.closeAll();
    }
  }

  /**
   * Resolves the graph; one that needs a yes (requireConfirmation) asks once when stdin and
   * stderr are a terminal, and resolves again with it. Without a terminal its refusal (naming
   * -y) stands. Undefined: the operator said no.
   */
  private async resolveConfirmed(name: string, contextFor: (confirmed: boolean) => RunContext): Promise<{ graph: ResolvedGraph; ctx: RunContext } | undefined> {
    const ctx = contextFor(false);
    try {
      return { graph: this.engine.resolve(name, ctx), ctx };
    } catch (error) {
      if (!(error instanceof ConfirmationNeeded) || !process.stdin.isTTY || !process.stderr.isTTY) throw error;
      if (!(await askYesNo(error.summary, { input: process.stdin, output: process.stderr }))) return undefined;
      const confirmed = contextFor(true);
      return { graph: this.engine.resolve(name, confirmed), ctx: confirmed };
    }
  }

  async printConfig(options: { json?: boolean } = {}): Promise<void> {
    const loaded = this.requireConfig();
    process.stdout.write(options.json ? jsonLine('config', { files: loaded.files, destination: loaded.destination, config: redactedConfig(loaded) }) : renderConfig(loaded));
  }

  async printDocs(section: string | undefined, options: { json?: boolean } = {}): Promise<void> {
    const sections = this.engine.plugins.flatMap((plugin) => (plugin.config ? [plugin.config] : []));
    const text = docsFor(section, sections);
    process.stdout.write(options.json ? jsonLine('docs', { section, text }) : text);
  }

  /** `gantry plugins`: the active plugins, their version and source, and the nodes they contribute. */
  async printPlugins(options: RunOptions): Promise<void> {
    // Plugins come from the config: a config that does not load is the answer.
    this.requireConfig();
    const contextFor = (graph: string) => this.context(graph, { ...options, version: '<version>' }, { version: '<version>' }, new AbortController().signal, true);
    const listings = listPlugins(this.engine, packageVersion(), contextFor);
    process.stdout.write(options.json ? jsonLine('plugins', { plugins: listings }) : formatPluginList(listings));
  }

  async printGraph(name: string, options: RunOptions & { format: GraphFormat }): Promise<void> {
    const ctx = this.context(name, { ...options, version: options.version ?? '<version>' }, { version: '<version>' }, new AbortController().signal, true);
    const graph = this.engine.resolve(name, ctx);
    // --json is --format json on one line.
    const drawn = options.json ? JSON.stringify(JSON.parse(drawGraph(graph, 'json'))) : drawGraph(graph, options.format);
    process.stdout.write(`${drawn}\n`);
  }
}
