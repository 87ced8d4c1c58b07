/**
 * Aliases become top-level commands next to the graphs: one named like a graph or a command
 * group would make commander crash ("cannot add command") or hide the real command.
 */
import { childPointer } from './config/positions.js';
import { configProblem } from './config/problem.js';
import type { LoadedConfig } from './config/types.js';
import { ConfigError } from './errors.js';

export function checkAliasNames(loaded: LoadedConfig, aliases: Record<string, string>, graphNames: string[]): void {
  const commandWords = new Set(graphNames.map((name) => name.split(' ')[0]!));
  const problems = Object.keys(aliases)
    .filter((alias) => commandWords.has(alias))
    .flatMap((alias) => configProblem(loaded, childPointer('/aliases', alias), `"gantry ${alias}" is already a command: an alias cannot replace it`).problems);
  if (problems.length) throw new ConfigError(problems);
}
