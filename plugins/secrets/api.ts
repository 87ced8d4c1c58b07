/**
 * The secrets plugin's published module: the adapter interface a team plugin implements, the
 * per-engine adapter table it registers into, and the fetch/extract/print operations.
 *
 *     import { definePlugin } from 'gantry-deploy/core/plugin.js';
 *     import { secretsAdapters, type SecretsAdapter } from 'gantry-deploy/plugins/secrets/api.js';
 *     const vault: SecretsAdapter = { name: 'vault', requiresAccount: false, async fetch(request, ctx) { … } };
 *     export default definePlugin({ name: 'vault-secrets', apply: (engine) => secretsAdapters(engine).tap('vault-secrets', (table) => table.add(vault)) });
 */
import { SyncHook } from 'tapable';
import type { Engine } from '../../core/engine.js';
import { AdapterTable } from './table.js';

export type { SecretsAdapter, FetchRequest, AdapterContext, VaultCli, VaultResult } from './adapter.js';
export { AdapterTable } from './table.js';
export { fetchSecrets, extractSecret, formatFetchOutput, secretsListing } from './commands.js';
export { systemVaultCli } from './vault-cli.js';

const hooks = new WeakMap<Engine, SyncHook<[AdapterTable]>>();

/** The hook adapters are added through, one per engine: tap it in your plugin's apply(engine). */
export function secretsAdapters(engine: Engine): SyncHook<[AdapterTable]> {
  let hook = hooks.get(engine);
  if (!hook) hooks.set(engine, (hook = new SyncHook<[AdapterTable]>(['table'])));
  return hook;
}

/** Every adapter the engine's plugins registered (built-ins and team adapters). */
export function adapterTable(engine: Engine): AdapterTable {
  const table = new AdapterTable();
  secretsAdapters(engine).call(table);
  return table;
}
