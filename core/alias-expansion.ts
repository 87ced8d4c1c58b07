/**
 * `gantry <alias> [args]` → the alias's command line plus the args, as words, before commander
 * parses anything: so `--` and every other word reach the expanded command exactly as typed
 * (`gantry dep -- --dry-run` must stay a stray argument, not become an option).
 */
import { splitCommandLine } from './command-line.js';

/** Global options that may stand before the command, and whether they take a value. */
const GLOBALS_WITH_VALUE = ['-c', '--config-file', '-d', '--destination'];

/** The argv with a leading alias expanded, or undefined when the command is not an alias. */
export function expandAlias(argv: string[], aliases: Record<string, string>): string[] | undefined {
  let i = 0;
  while (i < argv.length) {
    const word = argv[i]!;
    if (GLOBALS_WITH_VALUE.includes(word)) i += 2;
    else if (GLOBALS_WITH_VALUE.some((option) => option.startsWith('--') && word.startsWith(`${option}=`))) i += 1;
    else break;
  }
  const name = argv[i];
  if (name === undefined || !Object.hasOwn(aliases, name)) return undefined;
  return [...argv.slice(0, i), ...splitCommandLine(aliases[name]!), ...argv.slice(i + 1)];
}
