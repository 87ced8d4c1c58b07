/**
 * The smallest config that uses everything the rails preset carries, for `gantry init --preset
 * rails` (init lives on another branch; it calls this). Everything else — /up, app port, asset
 * bridging, db:prepare, RAILS_MASTER_KEY, the jobs role's bin/jobs, the aliases — comes from the preset.
 */
export function railsConfigTemplate(opts: { service: string; image: string; host: string; registry: string }): string {
  return [
    'preset: rails',
    `service: ${opts.service}`,
    `image: ${opts.image}`,
    'servers:',
    '  web:',
    `    - ${opts.host}`,
    '  jobs:                 # Solid Queue: runs bin/jobs',
    `    - ${opts.host}`,
    'registry:',
    `  server: ${opts.registry}`,
    '',
  ].join('\n');
}
