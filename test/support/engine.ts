/**
 * Runs a named graph through the real engine and scheduler on fake transports, for engine
 * tests that assert the (host, command) sequence.
 */
import { Engine } from '../../core/engine.js';
import type { RunContext } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import { flattenPlugins, type PluginSpec } from '../../core/plugin.js';
import type { RunEvent } from '../../core/run/reporter.js';
import { runGraph } from '../../core/run/scheduler.js';
import type { RunResult } from '../../core/run/run-result.js';
import { silentReporter } from '../../core/run/silent-reporter.js';
import type { TraceRecorder } from '../../core/run/trace/recorder.js';
import { FakeTransportFactory } from '../../core/transport/fake.js';
import type { TerminalIo } from '../../core/transport/types.js';
import type { GantryConfig } from '../../schemas/index.js';
import { context, fakeLoadedConfig, fakeSecrets } from './context.js';

export interface EngineRun {
  result: RunResult;
  fake: FakeTransportFactory;
  ctx: RunContext;
  printed: string[];
  /** Lines the run logged for the whole run (ctx.log): warnings, undo reports. */
  logged: string[];
  /** What the run reported: tasks started and ended, their output lines. */
  events: readonly RunEvent[];
}

export interface EngineRunOptions {
  plugins: PluginSpec[];
  config: Partial<GantryConfig>;
  graph: string;
  version?: string;
  destination?: string;
  options?: Record<string, unknown>;
  /** Script host responses before the run. */
  script?(fake: FakeTransportFactory): void;
  hosts?: Host[];
  dryRun?: boolean;
  /** The user's terminal, for interactive commands. */
  terminal?: TerminalIo;
  trace?: TraceRecorder;
  /** Secret values the run can read; printed lines and logs redact them. */
  secrets?: Record<string, string>;
  /** The project directory (where files such as accessory files are read). */
  root?: string;
  /** The run's Ctrl-C signal; abort it from a scripted response to interrupt the run there. */
  signal?: AbortSignal;
}

export async function runEngine(opts: EngineRunOptions): Promise<EngineRun> {
  const loaded = fakeLoadedConfig(opts.config);
  loaded.destination = opts.destination;
  if (opts.root) loaded.root = opts.root;
  if (opts.secrets) loaded.secrets = fakeSecrets(opts.secrets);
  const engine = new Engine(flattenPlugins(opts.plugins), loaded);
  const printed: string[] = [];
  const logged: string[] = [];
  const config = loaded.config;
  const ctx = context(opts.hosts ?? buildInventory(config.servers as ServersSection, config.primary_role ?? 'web'), {
    graph: opts.graph,
    config: loaded,
    version: opts.version ?? 'v2',
    destination: opts.destination,
    options: opts.options ?? {},
    dryRun: Boolean(opts.dryRun),
    print: (text) => printed.push(loaded.secrets.redact(text)),
    log: (text) => logged.push(loaded.secrets.redact(text)),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const fake = new FakeTransportFactory();
  opts.script?.(fake);
  const graph = engine.resolve(opts.graph, ctx);
  const reporter = silentReporter();
  const result = await runGraph(graph, { ctx, transports: fake, hooks: engine.hooks, reporter, redact: (t) => loaded.secrets.redact(t), trace: opts.trace, terminal: opts.terminal });
  return { result, fake, ctx, printed, logged, events: reporter.events };
}
