/**
 * The command line: every named graph is a command (groups such as `lock status` become
 * `gantry lock status`), plus utility commands (config, docs, graph, version).
 * Heavy modules load lazily so `gantry --version` stays fast.
 */
import { Command as Program, Option } from 'commander';
import { ConfigError, GantryError } from '../core/errors.js';
import { jsonLine } from '../core/run/json-lines.js';
import type { GraphDecl } from '../core/graph/model.js';
import { GRAPH_FORMATS, type GraphFormat } from '../core/graph/draw.js';
import { packageVersion } from '../core/config/version.js';
import type { Session } from './session.js';
import { splitCommandLine } from '../core/command-line.js';
import { expandAlias } from '../core/alias-expansion.js';
import { addSecretsCommands, isConfigFreeSecretsCommand, runConfigFreeSecretsCommand } from '../plugins/secrets/cli.js';
import { mark } from '../core/timing.js';
import { basename } from 'node:path';
import { subcommandsHelp } from './help.js';

const MAX_ALIAS_DEPTH = 16;

/** Options every graph command takes; plugins' own options (GraphDecl.options) come along by name. */
export interface RunOptions {
  configFile?: string;
  destination?: string;
  version?: string;
  hosts?: string;
  roles?: string;
  primary?: boolean;
  dryRun?: boolean;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  trace?: string;
  [pluginOption: string]: unknown;
}

function addCommonOptions(command: Program): Program {
  return command
    .option('-c, --config-file <file>', 'config file (default: gantry.yml, config/deploy.yml, …)')
    .option('-d, --destination <dest>', 'destination: merges <config>.<dest>.yml over the config')
    .option('-h, --hosts <list>', 'only these hosts (comma list, * wildcards)')
    .option('-r, --roles <list>', 'only these roles (comma list, * wildcards)')
    .option('-p, --primary', 'only the primary host');
}

function addRunOptions(command: Program, decl: GraphDecl): Program {
  const withCommon = addCommonOptions(command)
    .option('--version <version>', 'version to deploy (default: $VERSION, else the git commit)')
    .option('--dry-run', 'print the commands each host would run, in order; connect to nothing')
    .option('--json', 'one JSON event per line on stdout')
    .option('-v, --verbose', 'show every command and its output')
    .option('-q, --quiet', 'no progress display: only results and errors')
    .option('--trace <file>', 'write a Chrome trace-event JSON of the run (Perfetto, chrome://tracing)');
  // The options the graph's plugins declared (and read from ctx.options); a repeatable one collects a list.
  for (const option of decl.options ?? []) {
    if (option.repeatable) withCommon.option(option.flags, option.description, (value: string, previous: string[] = []) => [...previous, value]);
    else withCommon.option(option.flags, option.description);
  }
  return withCommon;
}

/** Builds the program from the graphs the session's engine declares. */
export function buildProgram(session: Session, graphs: GraphDecl[]): Program {
  const program = new Program('gantry')
    .description('Deploy containerised web apps to plain Linux servers over SSH with zero downtime.')
    .version(packageVersion(), '-V, --version', 'print the Gantry version')
    // `gantry --version` is Gantry's; `gantry deploy --version V` is the version to deploy.
    .enablePositionalOptions()
    // `-h` selects hosts, as in Kamal; help is `--help` only.
    .helpOption('--help', 'show help')
    .showHelpAfterError('(run gantry --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) })
    // Kamal users put these before the command (`gantry -c FILE deploy`); Session.create read them already.
    .option('-c, --config-file <file>', 'config file (also accepted after the command)')
    .option('-d, --destination <dest>', 'destination (also accepted after the command)')
    .allowExcessArguments(false)
    // Before any subcommand is added, so they inherit it: usage errors return, never process.exit().
    .exitOverride();

  // A graph named `prune containers` is a subcommand of `prune`, which may be a graph itself.
  const topLevel = new Map<string, Program>();
  const ordered = [...graphs].sort((a, b) => a.name.split(/\s+/).length - b.name.split(/\s+/).length);
  for (const decl of ordered) {
    const [first, ...rest] = decl.name.split(/\s+/);
    let parent = program;
    let name = first!;
    if (rest.length) {
      parent = topLevel.get(first!) ?? program.command(first!).description(`${first} commands`);
      topLevel.set(first!, parent);
      name = rest.join(' ');
    }
    const args = (decl.args ?? []).map((a) => `<${a}>`).join(' ');
    const command = addRunOptions(parent.command(args ? `${name} ${args}` : name).description(decl.description), decl).allowExcessArguments(false);
    if (!rest.length) topLevel.set(first!, command);
    command.action(async (...received: unknown[]) => {
      const options = received[(decl.args ?? []).length] as RunOptions;
      // `cmd...` takes the rest of the line as a list of words, named `cmd`.
      const positional = Object.fromEntries((decl.args ?? []).map((a, i) => [a.replace(/\.\.\.$/, ''), received[i]]));
      session.exitCode = await session.runGraph(decl.name, options, positional);
    });
  }

  // Kamal's `aliases:` are listed as commands; main() expands `gantry <alias> [more args]` before parsing,
  // and the action covers the forms it does not spot.
  for (const [alias, line] of Object.entries(session.aliases())) {
    program
      .command(alias)
      .description(`alias: gantry ${line}`)
      .argument('[args...]')
      .allowUnknownOption()
      .helpOption(false)
      .action(async (args: string[]) => {
        session.exitCode = await main([...globalArgs(program.opts()), ...splitCommandLine(line), ...args]);
      });
  }

  addCommonOptions(program.command('config').description('print the resolved config (secrets redacted)'))
    .option('--json', 'the config as one JSON line')
    .allowExcessArguments(false)
    .action(async (options: { json?: boolean }) => session.printConfig(options));
  program
    .command('docs [section]')
    .allowExcessArguments(false)
    .description('print the documented example config (for one section, or list the sections)')
    .option('--json', 'as one JSON line')
    .action(async (section: string | undefined, options: { json?: boolean }) => session.printDocs(section, options));
  addCommonOptions(program.command('graph <name>').description('draw a named graph, resolved for the selected hosts'))
    .allowExcessArguments(false)
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('text'))
    .option('--json', 'the graph as one JSON line (--format json)')
    .action(async (name: string, options: RunOptions & { format: GraphFormat }) => session.printGraph(name, options));
  addSecretsCommands(program, session);
  addCommonOptions(program.command('plugins').description('list the active plugins: version, source (built-in, package, path) and the nodes they add to each graph'))
    .option('--json', 'as one JSON line')
    .allowExcessArguments(false)
    .action(async (options: RunOptions) => session.printPlugins(options));
  program
    .command('trace')
    .description('trace file commands')
    .command('summary <file>')
    .description('print the critical path of a --trace file')
    .action(async (file: string) => {
      const { printTraceSummary } = await import('../core/run/trace/print-summary.js');
      printTraceSummary(file);
    });
  program
    .command('init')
    .description('write a documented config/deploy.yml, .kamal/secrets and sample hooks (never overwrites)')
    .option('--preset <name>', "write the preset's smallest config instead (rails)")
    .allowExcessArguments(false)
    .action(async (options: { preset?: string }) => {
      const { writeStarterFiles } = await import('../core/init/write.js');
      const { initTexts } = await import('../presets/index.js');
      const texts = options.preset ? initTexts(options.preset, basename(process.cwd())) : undefined;
      for (const file of await writeStarterFiles(process.cwd(), texts)) console.log(`created ${file}`);
    });
  program
    .command('version')
    .description('print the Gantry version')
    .option('--json', 'as one JSON line')
    .allowExcessArguments(false)
    .action((options: { json?: boolean }) => console.log(versionText(Boolean(options.json))));
  program.addHelpText('after', () => subcommandsHelp(program));
  return program;
}

function versionText(json: boolean): string {
  return json ? JSON.stringify({ version: packageVersion() }) : packageVersion();
}

/** -c / -d given before an alias, passed on to the command line it expands to. */
function globalArgs(options: { configFile?: string; destination?: string }): string[] {
  return [...(options.configFile ? ['-c', options.configFile] : []), ...(options.destination ? ['-d', options.destination] : [])];
}

/** Entry point: returns the exit code. User errors print without a stack trace. */
export async function main(argv: string[], depth = 0): Promise<number> {
  if (depth === 0) mark('main');
  const versionWords = ['--version', '-V', 'version'];
  if ((argv.length === 1 && versionWords.includes(argv[0]!)) || (argv.length === 2 && versionWords.includes(argv[0]!) && argv[1] === '--json')) {
    console.log(versionText(argv[1] === '--json'));
    return 0;
  }
  try {
    if (isConfigFreeSecretsCommand(argv)) {
      runConfigFreeSecretsCommand(argv);
      return 0;
    }
    const { Session } = await import('./session.js');
    mark('loaded');
    const session = await Session.create(argv);
    mark('session');
    // Config validation refuses aliases that expand to themselves; the bound is a second guard.
    const expanded = expandAlias(argv, session.aliases());
    if (expanded) {
      if (depth >= MAX_ALIAS_DEPTH) throw new GantryError(`aliases nest deeper than ${MAX_ALIAS_DEPTH}: ${argv.join(' ')}`);
      return await main(expanded, depth + 1);
    }
    const program = buildProgram(session, session.graphs());
    await program.parseAsync(argv, { from: 'user' });
    return session.exitCode;
  } catch (error) {
    return reportError(error, argv.includes('--json'));
  }
}

/** Prints an error that ended the command; with --json, stdout also gets it as an `error` event. */
function reportError(error: unknown, json: boolean): number {
  const { code, exitCode, message } = error as { code?: string; exitCode?: number; message?: string };
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // --help and --version exit 0; usage errors were already printed by commander.
    if (json && exitCode) process.stdout.write(jsonLine('error', { message: commanderMessage(message) }));
    return exitCode ?? 1;
  }
  if (error instanceof GantryError) {
    console.error(`gantry: ${error.message}`);
    if (json) process.stdout.write(jsonLine('error', { message: error.message, ...(error instanceof ConfigError ? { problems: error.problems } : {}) }));
    return 1;
  }
  console.error(error);
  if (json) process.stdout.write(jsonLine('error', { message: String(message ?? error) }));
  return 1;
}

/** Commander's messages start with `error: `; the event names it already. */
function commanderMessage(message: string | undefined): string {
  return (message ?? 'usage error').replace(/^error: /, '');
}
