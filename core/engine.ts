/**
 * The engine: a frozen hook table, the installed plugins, and the way from a graph name to a
 * finished run (declarations → nodes → resolved instances → scheduler).
 */
import { createHooks, type EngineHooks } from './hooks.js';
import { ConfigError, GantryError } from './errors.js';
import type { ConfigIssue } from './config/types.js';
import type { LoadedConfig } from './config/types.js';
import { GraphBuilder } from './graph/builder.js';
import { BUILT_IN_GRAPHS, layDeployAnchors, layStandardAnchors } from './graph/named.js';
import { resolveGraph } from './graph/resolve.js';
import type { GraphDecl, GraphOption, ResolvedGraph, RunContext } from './graph/model.js';
import type { Plugin } from './plugin.js';

export class Engine {
  readonly hooks: EngineHooks = createHooks();
  readonly plugins: readonly Plugin[];
  /** The loaded config, for plugins that declare graphs from it (custom graphs, aliases). */
  readonly config: LoadedConfig | undefined;
  private decls: Map<string, GraphDecl> | undefined;

  constructor(plugins: Plugin[], config?: LoadedConfig) {
    this.plugins = plugins;
    this.config = config;
    for (const plugin of plugins) {
      try {
        plugin.apply(this);
      } catch (error) {
        throw new GantryError(`plugin ${plugin.name} failed to install: ${(error as Error).message}`);
      }
    }
  }

  /**
   * The config as the plugins settle it: their config hook first (defaults that depend on the
   * config, such as the rails preset's accessory placement), then their rules, which so see those defaults.
   */
  async settleConfig(): Promise<void> {
    if (!this.config) return;
    this.config.config = await this.hooks.config.promise(this.config.config);
    // Graphs declared from config (custom graphs, aliases' targets) see the settled config.
    this.decls = undefined;
    this.checkConfig();
  }

  /** Runs the plugins' config rules; every issue at once, positioned, as a ConfigError. */
  checkConfig(): void {
    if (!this.config) return;
    const issues: ConfigIssue[] = [];
    this.hooks.validateConfig.call(this.config.config, issues);
    if (issues.length) throw new ConfigError(this.config.locate(issues));
  }

  /**
   * Every named graph: the built-in ones plus those plugins and config declare. Worked out once
   * per config (every command's options are read through it, each graph's chain several times).
   */
  graphDecls(): Map<string, GraphDecl> {
    if (!this.decls) {
      const decls = new Map(BUILT_IN_GRAPHS.map((d) => [d.name, { ...d }]));
      this.hooks.graphs.call(decls);
      this.hooks.graphOptions.call(decls);
      this.decls = decls;
    }
    return new Map(this.decls);
  }

  /** A graph's CLI options, its `extends` chain's included (up to a graph that does not inherit them). */
  optionsOf(name: string): GraphOption[] {
    const chain = this.extendsChain(name);
    // The chain is root first: a graph that does not inherit starts the list anew.
    const own = chain.map((decl) => decl.inheritOptions !== false);
    const from = own.lastIndexOf(false);
    const options = new Map<string, GraphOption>();
    for (const decl of chain.slice(Math.max(from, 0))) for (const option of decl.options ?? []) options.set(option.flags, option);
    return [...options.values()].filter((option) => !option.omitFrom?.includes(name));
  }

  decl(name: string): GraphDecl {
    const decls = this.graphDecls();
    const decl = decls.get(name);
    if (!decl) throw new GantryError(`unknown graph "${name}" (graphs: ${[...decls.keys()].join(', ')})`);
    return decl;
  }

  /** Collects the nodes of a graph: the core anchors, then the taps of its `extends` chain, root first. */
  collect(name: string, ctx: RunContext): { builder: GraphBuilder; decl: GraphDecl; lineage: string[] } {
    const chain = this.extendsChain(name);
    const builder = new GraphBuilder();
    if (chain[0]!.name === 'deploy') layDeployAnchors(builder);
    else layStandardAnchors(builder, chain[0]!.name);
    for (const decl of chain) this.hooks.graph.get(decl.name)?.call(builder, ctx);
    const decl: GraphDecl = { ...chain.at(-1)!, omit: chain.flatMap((d) => d.omit ?? []) };
    this.hooks.anyGraph.call(builder, ctx, decl);
    return { builder, decl, lineage: chain.map((d) => d.name) };
  }

  /** The graph as it will run for the context's hosts. */
  resolve(name: string, ctx: RunContext): ResolvedGraph {
    const { builder, decl, lineage } = this.collect(name, ctx);
    const resolved = resolveGraph(decl, builder, ctx, lineage);
    this.hooks.validateGraph.call(resolved, ctx);
    return resolved;
  }

  /** Root-first list of the declarations a graph extends. */
  private extendsChain(name: string): GraphDecl[] {
    const decls = this.graphDecls();
    const chain: GraphDecl[] = [];
    for (let decl = decls.get(name); decl; decl = decl.extends ? decls.get(decl.extends) : undefined) {
      if (chain.includes(decl)) throw new GantryError(`graph "${name}" extends itself through ${chain.map((d) => d.name).join(' → ')}`);
      chain.unshift(decl);
      if (decl.extends && !decls.has(decl.extends)) throw new GantryError(`graph "${decl.name}" extends unknown graph "${decl.extends}"`);
    }
    if (!chain.length) throw new GantryError(`unknown graph "${name}" (graphs: ${[...decls.keys()].join(', ')})`);
    return chain;
  }
}
