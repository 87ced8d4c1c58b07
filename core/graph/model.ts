/**
 * The task graph as data. Plugins contribute TaskNodes to named graphs; the core resolves the
 * goals' closure and the scheduler runs it as a real DAG (a node starts when its own
 * dependencies are done).
 */
import type { Command, ExecOptions, ExecResult, ExitStatus, PortForward, RemoteForwardSpec, Transport } from '../transport/types.js';
import type { Host } from '../hosts.js';
import type { LoadedConfig } from '../config/types.js';

/** local: once on this machine · once: once on one remote host (primary by default) · perHost: one task per selected host. */
export type Scope = 'local' | 'once' | 'perHost';
/** success: only when nothing failed before · failure: only after a failure · always: in every case (unlock). */
export type When = 'success' | 'failure' | 'always';

export interface TaskNode {
  id: string;
  title?: string;
  /** The plugin that contributed the node; named in resolution errors. */
  plugin: string;
  dependsOn: string[];
  scope: Scope;
  when?: When;
  /** An anchor has no body: a stable phase point that plugins attach to (perHost: one per host). */
  anchor?: boolean;
  /** Graphs (by name, or a graph they extend) that leave this node out; dependents inherit its dependencies. */
  omitFrom?: string[];
  /** perHost/once: only hosts carrying one of these roles (wildcards not allowed here). */
  roles?: string[];
  /** perHost/once: a custom host selection over the run's selected hosts (after `roles`). */
  selectHosts?(ctx: RunContext, hosts: readonly Host[]): readonly Host[];
  /** Skip the node: true or a reason string (shown). Evaluated when the node becomes ready. */
  skip?(ctx: RunContext): boolean | string;
  run?(env: TaskEnv): Promise<void>;
  /**
   * Instead of run(), for a node on a host whose remote commands are known up front: they run in
   * order and the node fails at the first non-zero exit, named with that command and its stderr.
   * The engine sends the commands of such nodes that are ready on one host at the same time, and
   * of such nodes waiting only on those, to the host in one round trip (one remote script); each
   * node still starts, reports its commands and output, and succeeds or fails as itself.
   * Called when that round trip is put together, possibly before the nodes it depends on have
   * run: it may read the config and options, not state that other nodes set.
   */
  commands?(ctx: RunContext, host: Host): Command[];
}

/** A command-line option a plugin reads from `ctx.options` (commander flags). */
export interface GraphOption {
  /** e.g. `-m, --message <message>`; read as `ctx.options.message`. */
  flags: string;
  description: string;
  /** Collects every occurrence into a list (`-e A=1 -e B=2`). */
  repeatable?: boolean;
  /** Graphs extending the one it is declared on that would ignore it (their nodes leave out what reads it). */
  omitFrom?: string[];
}

/** A named graph: a CLI command. */
export interface GraphDecl {
  name: string;
  description: string;
  /** Nodes to reach; their transitive dependencies come along. */
  goals: string[];
  /** Start from another graph's goals and nodes. */
  extends?: string;
  /** Node ids (or `prefix:*` patterns) removed; their dependents inherit their dependencies. Plugins mark their own nodes with `TaskNode.omitFrom` instead. */
  omit?: string[];
  /** Whether the graph changes hosts (takes the deploy lock). */
  mutates?: boolean;
  /** Whether the graph boots a version, so one must be known (--version, $VERSION or git). */
  deploysVersion?: boolean;
  /** The graph builds the working tree whatever `builder.context` says: its version from git carries `_uncommitted_<hash>` when the tree has changes. */
  buildsWorkingTree?: boolean;
  /** Positional CLI arguments, e.g. `['version']` for rollback; `cmd...` takes the rest of the line. */
  args?: string[];
  /** Options the graph's plugins read, beyond the common ones; a graph extending another takes its options too. */
  options?: GraphOption[];
  /** false: the graph takes only its own options, not those of the graph it extends (it reuses that graph's nodes, not its command line). */
  inheritOptions?: boolean;
  /** The command's output is its result (exec, logs, details): no progress display, only what tasks print and errors. */
  plainOutput?: boolean;
  /** The graph runs the user's command: when it fails, its exit code becomes Gantry's. */
  passesExitCode?: boolean;
}

/** A node instance after fan-out: one per host for perHost nodes. */
export interface TaskInstance {
  /** `nodeId` or `nodeId@host`. */
  key: string;
  node: TaskNode;
  host?: Host;
  /** Keys of instances this one waits for. */
  dependsOn: string[];
}

export interface ResolvedGraph {
  decl: GraphDecl;
  /** Nodes in a stable topological order. */
  nodes: TaskNode[];
  instances: TaskInstance[];
}

/** What the whole run shares: config, options, selected hosts, cross-node state. */
export interface RunContext {
  graph: string;
  config: LoadedConfig;
  /** The version being deployed (from --version, $VERSION, git). */
  version: string;
  destination?: string;
  /** Hosts selected by --hosts/--roles/--primary, primary role's hosts first. */
  hosts: readonly Host[];
  /** CLI options and positional arguments, by name. */
  options: Readonly<Record<string, unknown>>;
  dryRun: boolean;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Cross-node state (e.g. the barrier, old container ids), keyed by plugin-chosen names. */
  state: Map<string, unknown>;
  /** Prints a line for the whole run (a warning, a notice) on stderr, through redaction. */
  log(message: string): void;
  /** Prints a command's result for the user (`app version`, `lock status`) on stdout, through redaction. */
  print(text: string): void;
}

/** What a running task instance gets. */
export interface TaskEnv {
  ctx: RunContext;
  node: TaskNode;
  /** The host for perHost/once nodes; undefined for local nodes. */
  host?: Host;
  /** The host's transport, or the local one for local nodes. */
  transport: Transport;
  /** Runs a command; rejects with CommandError (host, command, stderr) on a non-zero exit. In dry-run it records and resolves empty. */
  run(cmd: Command, opts?: ExecOptions): Promise<ExecResult>;
  /** Runs a command and returns trimmed stdout (a value: its stdout is not shown as task output; stderr is). */
  capture(cmd: Command, opts?: ExecOptions): Promise<string>;
  /** Runs a command and resolves its result whatever its exit code (for probes). */
  probe(cmd: Command, opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Runs a command attached to the user's terminal (a pseudo-terminal on the host) and resolves
   * its exit status whatever it is. Rejects when the run has no terminal. In dry-run it records and resolves 0.
   */
  interactive(cmd: Command): Promise<ExitStatus>;
  /**
   * Makes the host's `127.0.0.1:remotePort` reach this machine's `127.0.0.1:localPort` until the
   * returned forward is closed or the run ends (recorded; nothing is opened in dry-run).
   */
  forwardRemote(spec: RemoteForwardSpec): Promise<PortForward>;
  /** Uploads a file to the host (recorded, not sent, in dry-run). */
  upload(content: string | Buffer, remotePath: string, mode?: number): Promise<void>;
  /**
   * Starts opening the host's connection in the background, for a node that has local work to do
   * before its first command (nothing in dry-run; a failure shows at the first command).
   */
  warm(): void;
  /** A progress line under this task. */
  output(line: string): void;
  signal: AbortSignal;
}
