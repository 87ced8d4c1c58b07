/**
 * An unexpected error (a bug, not a GantryError) thrown inside a plugin's task or hook tap.
 * Wrapping it names the plugin and where (node or hook), and keeps the original for its stack
 * (Rollup's `throwPluginError`). A GantryError keeps its message (a person can act on it) and
 * gets `plugin` and `where` set instead.
 */
import { GantryError } from '../errors.js';
import type { TaskNode } from '../graph/model.js';

export class PluginError extends Error {
  override name = 'PluginError';

  constructor(
    readonly plugin: string,
    /** `node <id>` or `hook <table>.<name>`. */
    readonly where: string,
    override readonly cause: Error,
  ) {
    super(`unexpected ${cause.name} in plugin ${plugin} (${where}): ${cause.message}`, { cause });
  }
}

/** Where an error came from, for errors a plugin threw. */
export interface Attributed {
  plugin?: string;
  where?: string;
}

/** Names the plugin (and node or hook) an error was thrown in; the first attribution wins. */
export function attributeError(plugin: string, where: string, thrown: unknown): Error {
  if (thrown instanceof PluginError) return thrown;
  if (thrown instanceof GantryError) {
    const attributed = thrown as GantryError & Attributed;
    attributed.plugin ??= plugin;
    attributed.where ??= where;
    return thrown;
  }
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  return new PluginError(plugin, where, error);
}

/** GantryErrors pass through (a person can act on them); anything else is a plugin bug. */
export function asTaskError(node: TaskNode, thrown: unknown): Error {
  return attributeError(node.plugin, `node ${node.id}`, thrown);
}

/** Scrubs secrets from an error's message and stack in place, before anything prints it. */
export function redactError(error: Error, redact: (text: string) => string): void {
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  if (error.cause instanceof Error && error.cause !== error) redactError(error.cause, redact);
}
