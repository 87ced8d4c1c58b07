/**
 * `accessory remove` deletes things a person may want back: it names exactly what would go,
 * host by host, and asks (or, without a terminal, refuses without -y); a dry run shows the commands instead.
 */
import type { RunContext } from '../../core/graph/model.js';
import { requireConfirmation } from '../../core/graph/confirm.js';
import { namedVolumes } from './commands.js';
import type { Accessory } from './settings.js';

export function whatRemoveDeletes(accessory: Accessory, removeData: boolean): string {
  const items = [`container ${accessory.service}`, `image ${accessory.image}`, `env file ${accessory.envFile}`];
  const data = [
    ...(accessory.files.length || accessory.directories.some((d) => !d.hostPath.startsWith('/')) ? [`directory ~/${accessory.service}`] : []),
    ...accessory.directories.filter((d) => d.hostPath.startsWith('/')).map((d) => `directory ${d.hostPath}`),
    ...namedVolumes(accessory).map((v) => `volume ${v}`),
  ];
  const hosts = accessory.hosts.map((h) => h.name).join(', ');
  const kept = data.length ? (removeData ? '' : `; kept: ${data.join(', ')} (--remove-data deletes them)`) : '';
  return `${accessory.name} on ${hosts}: ${[...items, ...(removeData ? data : [])].join(', ')}${kept}`;
}

export function confirmRemoval(ctx: RunContext, accessories: readonly Accessory[]): void {
  const lines = accessories.map((a) => `  ${whatRemoveDeletes(a, Boolean(ctx.options.removeData))}`);
  requireConfirmation(ctx, `accessory remove deletes:\n${lines.join('\n')}`);
}
