/**
 * Rails apps as Kamal's generator sets them up: the base plugins plus the rails plugin (db:prepare,
 * master key, jobs role, app port), health on /up, asset bridging, aliases.
 */
import { definePreset } from '../../core/plugin.js';
import { railsPlugin } from '../../plugins/rails/index.js';
import { RAILS_ALIASES } from '../../plugins/rails/defaults.js';
import { basePreset } from '../base.js';

export const railsPreset = definePreset({
  name: 'rails',
  plugins: [basePreset, railsPlugin],
  defaults: {
    asset_path: '/rails/public/assets',
    proxy: { healthcheck: { path: '/up' } },
    aliases: RAILS_ALIASES,
  },
});
