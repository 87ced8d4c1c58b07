/**
 * An unexpected error (a bug, not a GantryError) thrown inside a plugin's task. Wrapping it
 * names the plugin, which TaskOutcome does not carry, and keeps the original for its stack.
 */
import { GantryError } from '../errors.js';
import type { TaskNode } from '../graph/model.js';

export class PluginError extends Error {
  override name = 'PluginError';

  constructor(
    readonly plugin: string,
    readonly nodeId: string,
    override readonly cause: Error,
  ) {
    super(`unexpected ${cause.name} in plugin ${plugin} (node ${nodeId}): ${cause.message}`, { cause });
  }
}

/** GantryErrors pass through (a person can act on them); anything else is a plugin bug. */
export function asTaskError(node: TaskNode, thrown: unknown): Error {
  if (thrown instanceof GantryError || thrown instanceof PluginError) return thrown;
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  return new PluginError(node.plugin, node.id, error);
}

/** Scrubs secrets from an error's message and stack in place, before anything prints it. */
export function redactError(error: Error, redact: (text: string) => string): void {
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  if (error.cause instanceof Error && error.cause !== error) redactError(error.cause, redact);
}
