/**
 * Graphs that destroy or interrupt something ask first, as Kamal does (`remove`, `proxy reboot`,
 * `accessory remove`). A plugin declares `-y` on its graph and calls requireConfirmation while
 * the graph is checked; the CLI asks once on a terminal (y/N) and resolves again with the yes,
 * and refuses elsewhere with a message naming -y. A dry run never asks: it changes nothing.
 */
import { GantryError } from '../errors.js';
import type { GraphOption, RunContext } from './model.js';

/** The `-y, --confirmed` option: ctx.options.confirmed. */
export const CONFIRM_OPTION: GraphOption = { flags: '-y, --confirmed', description: 'do not ask for confirmation' };

/** A graph needs the operator's yes before it runs. `summary` says what would happen. */
export class ConfirmationNeeded extends GantryError {
  override name = 'ConfirmationNeeded';
  constructor(readonly summary: string) {
    super(`${summary}${summary.includes('\n') ? '\n' : ': '}pass -y to confirm`);
  }
}

/** Throws ConfirmationNeeded unless the run has -y or is a dry run. */
export function requireConfirmation(ctx: RunContext, summary: string): void {
  if (!ctx.options.confirmed && !ctx.dryRun) throw new ConfirmationNeeded(summary);
}
