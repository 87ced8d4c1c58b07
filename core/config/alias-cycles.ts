/** Aliases that expand, directly or through other aliases, back to themselves. */
import { splitCommandLine } from '../command-line.js';

/** The chain `a → b → a` when `name` loops, else undefined. */
export function aliasCycle(name: string, aliases: Record<string, string>): string[] | undefined {
  const chain = [name];
  for (let current = name; ; ) {
    const line = aliases[current];
    if (typeof line !== 'string') return undefined;
    let next: string | undefined;
    try {
      next = splitCommandLine(line)[0];
    } catch {
      return undefined; // an unbalanced quote is reported when the alias runs
    }
    if (next === undefined || !Object.hasOwn(aliases, next)) return undefined;
    chain.push(next);
    if (next === name) return chain;
    // A loop that does not pass through `name` is reported at its own aliases.
    if (chain.indexOf(next) !== chain.length - 1) return undefined;
    current = next;
  }
}
