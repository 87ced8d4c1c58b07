/**
 * Bitwarden Secrets Manager through `bws` (token in BWS_ACCESS_TOKEN). Keys: `all`,
 * `<project-id>/all`, or secret ids. Results are keyed by each secret's key.
 */
import { GantryError } from '../../../core/errors.js';
import type { SecretsAdapter } from '../adapter.js';
import { parseJson, requireInstalled, requireOk, text } from './support.js';

interface BwsSecret {
  key: string;
  value: unknown;
}

export const bitwardenSecretsManagerAdapter: SecretsAdapter = {
  name: 'bitwarden-sm',
  aliases: ['bitwarden_secrets_manager'],
  requiresAccount: false,
  description: 'Bitwarden Secrets Manager (`bws`): keys all, PROJECT/all or secret ids',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['bws', '--version'], 'Bitwarden Secrets Manager CLI (bws)');
    requireOk(ctx.cli.run(['bws', 'run', 'echo OK']), 'could not authenticate to Bitwarden Secrets Manager; is BWS_ACCESS_TOKEN a valid access token?');
    const { keys } = request;
    if (!keys.length) throw new GantryError('name what to fetch from Bitwarden Secrets Manager: all, PROJECT/all or secret ids');
    const results: Record<string, string> = {};
    const list = keys.length === 1 && (keys[0] === 'all' ? [] : keys[0]!.endsWith('/all') ? [keys[0]!.slice(0, -'/all'.length)] : undefined);
    if (list) {
      const out = requireOk(ctx.cli.run(['bws', 'secret', 'list', ...list]), 'could not read secrets from Bitwarden Secrets Manager').stdout;
      for (const secret of parseJson<BwsSecret[]>(out, 'Bitwarden Secrets Manager')) results[secret.key] = text(secret.value);
      return results;
    }
    for (const id of keys) {
      const out = requireOk(ctx.cli.run(['bws', 'secret', 'get', id]), `could not read ${id} from Bitwarden Secrets Manager`).stdout;
      const secret = parseJson<BwsSecret>(out, 'Bitwarden Secrets Manager');
      results[secret.key] = text(secret.value);
    }
    return results;
  },
};
