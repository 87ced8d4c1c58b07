/** Rails apps: the base plugins, health checks on Rails' /up, and asset bridging of public/assets. */
import { definePreset } from '../../core/plugin.js';
import { basePreset } from '../base.js';

export const railsPreset = definePreset({
  name: 'rails',
  plugins: [basePreset],
  defaults: {
    asset_path: '/rails/public/assets',
    proxy: { healthcheck: { path: '/up' } },
  },
});
