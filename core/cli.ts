/**
 * The command line: every named graph is a command (groups such as `lock status` become
 * `gantry lock status`), plus utility commands (config, docs, graph, version).
 * Heavy modules load lazily so `gantry --version` stays fast.
 */
import { Command as Program, Option } from 'commander';
import { GantryError } from './errors.js';
import type { GraphDecl } from './graph/model.js';
import { GRAPH_FORMATS, type GraphFormat } from './graph/draw.js';
import { packageVersion } from './config/version.js';
import type { Session } from './session.js';
import { splitCommandLine } from './command-line.js';

/** Options every graph command takes. */
export interface RunOptions {
  configFile?: string;
  destination?: string;
  version?: string;
  hosts?: string;
  roles?: string;
  primary?: boolean;
  dryRun?: boolean;
  json?: boolean;
  skipPush?: boolean;
  skipHooks?: boolean;
  confirmed?: boolean;
  message?: string;
  retain?: string;
  verbose?: boolean;
  skipLocal?: boolean;
  skipRemote?: boolean;
  rolling?: boolean;
  quiet?: boolean;
  lockWait?: string;
}

function addCommonOptions(command: Program): Program {
  return command
    .option('-c, --config-file <file>', 'config file (default: gantry.yml, config/deploy.yml, …)')
    .option('-d, --destination <dest>', 'destination: merges <config>.<dest>.yml over the config')
    .option('-h, --hosts <list>', 'only these hosts (comma list, * wildcards)')
    .option('-r, --roles <list>', 'only these roles (comma list, * wildcards)')
    .option('-p, --primary', 'only the primary host');
}

function addRunOptions(command: Program): Program {
  return addCommonOptions(command)
    .option('--version <version>', 'version to deploy (default: $VERSION, else the git commit)')
    .option('--dry-run', 'print the commands each host would run, in order; connect to nothing')
    .option('--json', 'one JSON event per line on stdout')
    .option('-v, --verbose', 'show every command and its output')
    .option('-q, --quiet', 'no progress display: only results and errors')
    .option('--lock-wait <seconds>', 'when the deploy lock is held, wait up to this long for it instead of failing')
    .option('-P, --skip-push', 'do not build or push; pull the existing image')
    .option('-H, --skip-hooks', 'do not run hook scripts')
    .option('-y, --confirmed', 'do not ask for confirmation (remove)')
    .option('-m, --message <message>', 'a message (lock acquire)')
    .option('--retain <count>', 'stopped containers to keep (prune)')
    .option('--skip-local', 'only on the hosts (registry login/logout)')
    .option('--skip-remote', 'only on this machine (registry login/logout)')
    .option('--rolling', 'one host at a time (proxy reboot)');
}

/** The options a graph declares for itself. */
function addGraphOptions(command: Program, decl: GraphDecl): Program {
  for (const option of decl.options ?? []) {
    if (option.repeatable) command.option(option.flags, option.description, (value: string, previous: string[] = []) => [...previous, value]);
    else command.option(option.flags, option.description);
  }
  return command;
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
    .configureOutput({ outputError: (text, write) => write(text) });

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
    const command = addGraphOptions(addRunOptions(parent.command(args ? `${name} ${args}` : name).description(decl.description)), decl);
    if (!rest.length) topLevel.set(first!, command);
    command.action(async (...received: unknown[]) => {
      const options = received[(decl.args ?? []).length] as RunOptions;
      // `cmd...` takes the rest of the line as a list of words, named `cmd`.
      const positional = Object.fromEntries((decl.args ?? []).map((a, i) => [a.replace(/\.\.\.$/, ''), received[i]]));
      session.exitCode = await session.runGraph(decl.name, options, positional);
    });
  }

  // Kamal's `aliases:` become commands: `gantry <alias> [more args]` runs the command line it names.
  for (const [alias, line] of Object.entries(session.aliases())) {
    program
      .command(alias)
      .description(`alias: gantry ${line}`)
      .argument('[args...]')
      .allowUnknownOption()
      .helpOption(false)
      .action(async (args: string[]) => {
        session.exitCode = await main([...splitCommandLine(line), ...args]);
      });
  }

  addCommonOptions(program.command('config').description('print the resolved config (secrets redacted)')).action(async () => {
    await session.printConfig();
  });
  program
    .command('docs [section]')
    .description('print the documented example config (for one section, or list the sections)')
    .action(async (section?: string) => session.printDocs(section));
  addCommonOptions(program.command('graph <name>').description('draw a named graph, resolved for the selected hosts'))
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('text'))
    .action(async (name: string, options: RunOptions & { format: GraphFormat }) => session.printGraph(name, options));
  program
    .command('init')
    .description('write a documented config/deploy.yml, .kamal/secrets and sample hooks (never overwrites)')
    .action(async () => {
      const { writeStarterFiles } = await import('./init/write.js');
      for (const file of await writeStarterFiles(process.cwd())) console.log(`created ${file}`);
    });
  program.command('version').description('print the Gantry version').action(() => console.log(packageVersion()));
  return program;
}

/** Entry point: returns the exit code. User errors print without a stack trace. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version')) {
    console.log(packageVersion());
    return 0;
  }
  try {
    const { Session } = await import('./session.js');
    const session = await Session.create(argv);
    const program = buildProgram(session, session.graphs());
    program.exitOverride();
    await program.parseAsync(argv, { from: 'user' });
    return session.exitCode;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  const code = (error as { code?: string; exitCode?: number }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // --help and --version exit 0; usage errors were already printed by commander.
    return (error as { exitCode: number }).exitCode;
  }
  if (error instanceof GantryError) {
    console.error(`gantry: ${error.message}`);
    return 1;
  }
  console.error(error);
  return 1;
}
