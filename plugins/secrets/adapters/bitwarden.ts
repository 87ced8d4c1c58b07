/**
 * Bitwarden through `bw`. Signs in (`bw login ACCOUNT`) and unlocks (`bw unlock --raw`) when
 * needed; the session goes to `bw` as BW_SESSION in its environment. Keys are `item` (the
 * login password, else every custom field) or `item/field` (a custom field).
 */
import { GantryError } from '../../../core/errors.js';
import type { AdapterContext, SecretsAdapter } from '../adapter.js';
import { parseJson, requireAccount, requireInstalled, requireOk, text } from './support.js';

interface BwItem {
  login?: { password?: string | null };
  fields?: { name: string; value: unknown }[];
}

export const bitwardenAdapter: SecretsAdapter = {
  name: 'bitwarden',
  requiresAccount: true,
  description: 'Bitwarden (`bw`): --account EMAIL, keys item or item/field',
  async fetch(request, ctx) {
    const account = requireAccount(request.account, 'bitwarden');
    requireInstalled(ctx, ['bw', '--version'], 'Bitwarden CLI (bw)');
    const env = unlock(ctx, account);
    const results: Record<string, string> = {};
    for (const [item, fields] of itemsFields(request.keys)) {
      const json = parseJson<BwItem>(requireOk(ctx.cli.run(['bw', 'get', 'item', item], { env }), `could not read ${item} from Bitwarden`).stdout, 'Bitwarden');
      if (fields.length) Object.assign(results, fromFields(fields, item, json));
      else if (json.login?.password) results[item] = json.login.password;
      else if (json.fields?.length) Object.assign(results, fromFields(json.fields.map((f) => f.name), item, json));
      else throw new GantryError(`Bitwarden item ${item} is not a login item and no fields were named`);
    }
    return results;
  },
};

function status(ctx: AdapterContext, env?: Record<string, string>): string {
  return parseJson<{ status?: string }>(ctx.cli.run(['bw', 'status'], { env }).stdout, 'Bitwarden status').status ?? '';
}

/** Returns the environment later `bw` calls need (BW_SESSION after an unlock). */
function unlock(ctx: AdapterContext, account: string): Record<string, string> | undefined {
  let state = status(ctx);
  if (state === 'unauthenticated') {
    ctx.cli.run(['bw', 'login', account], { interactive: true });
    state = status(ctx);
  }
  let env: Record<string, string> | undefined;
  if (state === 'locked') {
    const session = ctx.cli.run(['bw', 'unlock', '--raw'], { interactive: true }).stdout.trim();
    if (session) env = { BW_SESSION: session };
    state = status(ctx, env);
  }
  if (state !== 'unlocked') throw new GantryError(`could not sign in to and unlock Bitwarden as ${account} (status: ${state || 'unknown'}); run \`bw login ${account}\``);
  requireOk(ctx.cli.run(['bw', 'sync'], { env }), 'could not sync Bitwarden');
  return env;
}

function fromFields(fields: string[], item: string, json: BwItem): Record<string, string> {
  return Object.fromEntries(
    fields.map((field) => {
      const found = json.fields?.find((f) => f.name === field);
      if (!found) throw new GantryError(`could not find field ${field} in Bitwarden item ${item}`);
      return [`${item}/${field}`, text(found.value)];
    }),
  );
}

function itemsFields(keys: string[]): Map<string, string[]> {
  const items = new Map<string, string[]>();
  for (const key of keys) {
    const [item, field] = key.split('/');
    const list = items.get(item!) ?? items.set(item!, []).get(item!)!;
    if (field) list.push(field);
  }
  return items;
}
