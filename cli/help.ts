/**
 * `gantry --help` lists groups (`app`, `proxy`, …) as one line each; this section lists every
 * command inside them too, so each command a user can type has its one-line description.
 */
import type { Command } from 'commander';

const ITEM_INDENT = 2;
const SEPARATOR = 2;

/** `app exec <cmd...>  Run a command …` for every command below a group, at any depth. */
export function subcommandsHelp(program: Command): string {
  const rows = program.commands.flatMap((group) => nested(group, group.name()));
  if (!rows.length) return '';
  const help = program.createHelp();
  const termWidth = Math.max(...rows.map(([term]) => term.length));
  const width = (help.helpWidth ?? process.stdout.columns ?? 80) - ITEM_INDENT;
  const lines = rows.map(([term, description]) => help.wrap(`${term.padEnd(termWidth + SEPARATOR)}${description}`, width, termWidth + SEPARATOR));
  return `\nCommands in groups:\n${lines.join('\n').replace(/^/gm, ' '.repeat(ITEM_INDENT))}\n`;
}

function nested(group: Command, prefix: string): [string, string][] {
  return group.commands.flatMap((command) => {
    const term = `${prefix} ${command.name()}`;
    const args = command.registeredArguments.map((arg) => (arg.required ? `<${arg.name()}${arg.variadic ? '...' : ''}>` : `[${arg.name()}${arg.variadic ? '...' : ''}]`));
    const row: [string, string] = [[term, ...args].join(' '), command.description()];
    return [row, ...nested(command, term)];
  });
}
