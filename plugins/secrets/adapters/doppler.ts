/**
 * Doppler through `doppler secrets get … --json`. `--from project/config` picks the config,
 * unless DOPPLER_TOKEN is a service token (`dp.st…`), which already names one.
 */
import { GantryError } from '../../../core/errors.js';
import type { SecretsAdapter } from '../adapter.js';
import { parseJson, requireInstalled, requireOk, text } from './support.js';

export const dopplerAdapter: SecretsAdapter = {
  name: 'doppler',
  requiresAccount: false,
  description: 'Doppler (`doppler`): --from project/config (unless DOPPLER_TOKEN is a service token), keys secret names',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['doppler', '--version'], 'Doppler CLI (doppler)');
    if (ctx.cli.run(['doppler', 'me', '--json']).code !== 0) {
      requireOk(ctx.cli.run(['doppler', 'login', '-y'], { interactive: true }), 'not signed in to Doppler, and `doppler login` failed');
    }
    const names = request.keys.map((key) => key.split('/').at(-1)!);
    const argv = ['doppler', 'secrets', 'get', ...names, '--json'];
    if (!ctx.env.DOPPLER_TOKEN?.startsWith('dp.st')) {
      const [project, config] = (request.keys[0] ?? '').split('/');
      if (!project || !config) throw new GantryError("Doppler needs the project and config: --from project/config");
      argv.push('-p', project, '-c', config);
    }
    const out = requireOk(ctx.cli.run(argv), `could not read ${names.join(', ')} from Doppler`).stdout;
    const items = parseJson<Record<string, { computed?: unknown }>>(out, 'Doppler');
    return Object.fromEntries(Object.entries(items).map(([name, item]) => [name, text(item.computed)]));
  },
};
