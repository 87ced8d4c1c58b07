/**
 * Enpass through `enpass-cli -json -vault PATH show TITLE…`; `--from` is the vault path. Keys
 * are `title` (every password of the item) or `title/label`; results `title` or `title/label`.
 */
import { GantryError } from '../../../core/errors.js';
import type { SecretsAdapter } from '../adapter.js';
import { parseJson, requireInstalled, requireOk } from './support.js';

interface EnpassEntry {
  title?: string;
  label?: string;
  password?: string;
}

export const enpassAdapter: SecretsAdapter = {
  name: 'enpass',
  requiresAccount: false,
  description: 'Enpass (`enpass-cli`): --from VAULT_PATH, keys title or title/label',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['enpass-cli', 'version'], 'Enpass CLI (enpass-cli)');
    if (!request.from) throw new GantryError('the enpass adapter needs --from VAULT_PATH');
    const wanted = request.names;
    const titles = [...new Set(wanted.map((name) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : name)))];
    const out = requireOk(ctx.cli.run(['enpass-cli', '-json', '-vault', request.from, 'show', ...titles]), `could not read ${titles.join(', ')} from Enpass`).stdout;
    const results: Record<string, string> = {};
    for (const entry of parseJson<EnpassEntry[]>(out.trim() || '[]', 'Enpass')) {
      if (!entry.title || !entry.password) continue;
      const key = [entry.title, entry.label].filter(Boolean).join('/');
      if (!wanted.includes(entry.title) && !wanted.includes(key)) continue;
      if (key in results) throw new GantryError(`Enpass: ${key} is present more than once`);
      results[key] = entry.password;
    }
    return results;
  },
};
