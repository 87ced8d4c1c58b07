/** LastPass through `lpass show … --json`; results are keyed by each entry's full name. */
import { GantryError } from '../../../core/errors.js';
import type { SecretsAdapter } from '../adapter.js';
import { parseJson, requireAccount, requireInstalled, requireOk, text } from './support.js';

export const lastPassAdapter: SecretsAdapter = {
  name: 'lastpass',
  aliases: ['last_pass'],
  requiresAccount: true,
  description: 'LastPass (`lpass`): --account EMAIL, keys entry names (or --from folder)',
  async fetch(request, ctx) {
    const account = requireAccount(request.account, 'lastpass');
    requireInstalled(ctx, ['lpass', '--version'], 'LastPass CLI (lpass)');
    if (ctx.cli.run(['lpass', 'status', '--color', 'never']).stdout.trim() !== `Logged in as ${account}.`) {
      requireOk(ctx.cli.run(['lpass', 'login', account], { interactive: true }), `not signed in to LastPass as ${account}, and \`lpass login ${account}\` failed`);
    }
    const out = requireOk(ctx.cli.run(['lpass', 'show', ...request.keys, '--json']), `could not read ${request.keys.join(', ')} from LastPass`).stdout;
    const results: Record<string, string> = {};
    for (const item of parseJson<{ fullname: string; password?: unknown }[]>(out, 'LastPass')) results[item.fullname] = text(item.password);
    const missing = request.keys.filter((key) => !(key in results));
    if (missing.length) throw new GantryError(`could not find ${missing.join(', ')} in LastPass`);
    return results;
  },
};
