/**
 * Passbolt through `passbolt list resources --filter … --json`. Keys are resource names,
 * optionally under folders (`folder/sub/NAME`, or `--from folder`); results are keyed by name.
 */
import { GantryError } from '../../../core/errors.js';
import type { AdapterContext, SecretsAdapter } from '../adapter.js';
import { parseJson, requireInstalled, requireOk, text } from './support.js';

interface Folder {
  id: string;
  name: string;
  folder_parent_id?: string | null;
}

export const passboltAdapter: SecretsAdapter = {
  name: 'passbolt',
  requiresAccount: false,
  description: 'Passbolt (`passbolt`): keys resource names, optionally folder/sub/NAME (or --from folder)',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['passbolt', '--version'], 'Passbolt CLI (passbolt)');
    requireOk(ctx.cli.run(['passbolt', 'verify']), 'could not sign in to Passbolt (`passbolt verify` failed)');
    const { keys } = request;
    if (!keys.length) throw new GantryError('name the Passbolt resources to fetch');
    const folders = findFolders(ctx, keys);
    const conditions: string[] = [];
    for (const key of keys) {
      const parts = key.split('/');
      const name = parts.pop()!;
      if (!parts.length) {
        conditions.push(`Name == ${JSON.stringify(name)}`);
        continue;
      }
      const folder = folders.find((f) => folderPath(f, folders) === parts.join('/'));
      if (folder) conditions.push(`(Name == ${JSON.stringify(name)} && FolderParentID == ${JSON.stringify(folder.id)})`);
    }
    const argv = ['passbolt', 'list', 'resources'];
    if (conditions.length) argv.push('--filter', conditions.join(' || '));
    for (const folder of folders) argv.push('--folder', folder.id);
    argv.push('--json');
    const out = requireOk(ctx.cli.run(argv), `could not read ${keys.join(', ')} from Passbolt`).stdout;
    const items = parseJson<{ name: string; password?: unknown }[]>(out, 'Passbolt');
    const missing = keys.map((k) => k.split('/').at(-1)!).filter((name) => !items.some((item) => item.name === name));
    if (missing.length) throw new GantryError(`could not find ${missing.join(', ')} in Passbolt`);
    return Object.fromEntries(items.map((item) => [item.name, text(item.password)]));
  },
};

/** The folders the keys live in: top-level ones by name, then each nested level under its parent. */
function findFolders(ctx: AdapterContext, keys: string[]): Folder[] {
  const paths = [...new Set(keys.filter((k) => k.includes('/')).map((k) => k.split('/').slice(0, -1).join('/')))].map((p) => p.split('/'));
  if (!paths.length) return [];
  const list = (filter: string) =>
    parseJson<Folder[]>(requireOk(ctx.cli.run(['passbolt', 'list', 'folders', '--filter', filter, '--json']), 'could not read folders from Passbolt').stdout, 'Passbolt');
  const tops = [...new Set(paths.map((p) => p[0]!))];
  const parents = list(tops.map((name) => `Name == ${JSON.stringify(name)}`).join(' || '));
  const all = [...parents];
  for (const path of paths) {
    let parent = parents.find((f) => f.name === path[0]);
    for (const name of path.slice(1)) {
      if (!parent) break;
      const nested = list(`Name == ${JSON.stringify(name)} && FolderParentID == ${JSON.stringify(parent.id)}`);
      all.push(...nested);
      parent = nested[0];
    }
  }
  const missing = paths.map((p) => p.join('/')).filter((p) => !all.some((f) => folderPath(f, all) === p));
  if (missing.length) throw new GantryError(`could not find the Passbolt folders ${missing.join(', ')}`);
  return all;
}

function folderPath(folder: Folder, all: Folder[]): string {
  const names = [folder.name];
  for (let parent = all.find((f) => f.id === folder.folder_parent_id); parent && names.length < 64; parent = all.find((f) => f.id === parent!.folder_parent_id)) {
    names.unshift(parent.name);
  }
  return names.join('/');
}
