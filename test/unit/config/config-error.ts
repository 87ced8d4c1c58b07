/** Runs a config step expected to fail and returns its problems as printed lines. */
import * as assert from 'uvu/assert';
import { ConfigError, formatProblem } from '../../../core/errors.js';

export async function problemLines(step: () => unknown, root = ''): Promise<string[]> {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => formatProblem(p).replace(root, '').replace(/^\//, ''));
  }
  assert.unreachable('expected a ConfigError');
  return [];
}
