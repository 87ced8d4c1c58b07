/**
 * 1Password through `op`. Keys are `vault/item/field` (or `item/field` / `field` under
 * `--from vault[/item]`); a section field is `vault/item/section/field`. Results are keyed by
 * the field's reference without `op://` (and without a trailing `/password`).
 */
import type { AdapterContext, FetchRequest, SecretsAdapter } from '../adapter.js';
import { parseJson, requireAccount, requireInstalled, requireOk, text } from './support.js';

interface OpField {
  reference: string;
  value?: unknown;
}

export const onePasswordAdapter: SecretsAdapter = {
  name: '1password',
  aliases: ['one_password', 'onepassword'],
  requiresAccount: true,
  description: '1Password (`op`): --account ACCOUNT, keys vault/item/field or --from vault/item',
  async fetch(request, ctx) {
    const account = requireAccount(request.account, '1password');
    requireInstalled(ctx, ['op', '--version'], '1Password CLI (op)');
    const session = signIn(ctx, account);
    const results: Record<string, string> = {};
    const record = (field: OpField) => (results[field.reference.replace(/^op:\/\//, '').replace(/\/password$/, '')] = text(field.value));
    if (!request.keys.length) {
      const [vault, item] = (request.from ?? '').replace(/^op:\/\//, '').split('/');
      const json = parseJson<{ fields?: OpField[] }>(itemGet(ctx, vault!, item!, account, session).stdout, '1Password');
      for (const field of json.fields ?? []) if (field.reference) record(field);
      return results;
    }
    for (const [vault, items] of vaultsItemsFields(request)) {
      for (const [item, fields] of items) {
        const out = parseJson<OpField | OpField[]>(itemGet(ctx, vault, item, account, session, fields).stdout, '1Password');
        for (const field of Array.isArray(out) ? out : [out]) record(field);
      }
    }
    return results;
  },
};

/** An existing sign-in is kept; otherwise `op signin` asks on the terminal. */
function signIn(ctx: AdapterContext, account: string): string | undefined {
  if (ctx.cli.run(['op', 'account', 'get', '--account', account]).code === 0) return undefined;
  const result = ctx.cli.run(['op', 'signin', '--account', account, '--force', '--raw'], { interactive: true });
  requireOk(result, `not signed in to 1Password account ${account}, and \`op signin --account ${account}\` failed`);
  return result.stdout.trim() || undefined;
}

function itemGet(ctx: AdapterContext, vault: string, item: string, account: string, session: string | undefined, fields?: string[]) {
  const argv = ['op', 'item', 'get', item, '--vault', vault, '--format', 'json', '--account', account];
  if (session) argv.push('--session', session);
  if (fields?.length) argv.push('--fields', fields.map((f) => `label=${f}`).join(','));
  return requireOk(ctx.cli.run(argv), `could not read ${fields?.length ? `${fields.join(', ')} from ` : ''}${item} in the ${vault} 1Password vault`);
}

/** vault → item → field labels (`section.field`); a key without a field reads `password`. */
function vaultsItemsFields(request: FetchRequest): Map<string, Map<string, string[]>> {
  const vaults = new Map<string, Map<string, string[]>>();
  for (const key of request.keys) {
    const [vault, item, ...fields] = key.replace(/^op:\/\//, '').split('/');
    const items = vaults.get(vault!) ?? vaults.set(vault!, new Map()).get(vault!)!;
    const list = items.get(item!) ?? items.set(item!, []).get(item!)!;
    list.push(fields.length ? fields.join('.') : 'password');
  }
  return vaults;
}
