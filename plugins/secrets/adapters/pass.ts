/**
 * The standard Unix password store (`pass`): each key is an entry path (under `--from`), and
 * its value is the entry's first line, as `pass show` prints it. gpg-agent asks for the
 * passphrase on the terminal when it needs one.
 */
import type { SecretsAdapter } from '../adapter.js';
import { requireInstalled, requireOk } from './support.js';

export const passAdapter: SecretsAdapter = {
  name: 'pass',
  aliases: ['password-store'],
  requiresAccount: false,
  description: 'pass, the standard Unix password store: keys entry paths (or --from folder); the first line is the value',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['pass', 'version'], 'pass (the standard Unix password store)');
    const results: Record<string, string> = {};
    for (const key of request.keys) {
      const out = requireOk(ctx.cli.run(['pass', 'show', key]), `could not read ${key} from the password store`).stdout;
      results[key] = out.split('\n')[0]!;
    }
    return results;
  },
};
