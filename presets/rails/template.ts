/**
 * What `gantry init --preset rails` writes: the smallest config that uses everything the rails
 * preset carries — /up, app port, asset bridging, db:prepare, RAILS_MASTER_KEY, the jobs role's
 * bin/jobs, the aliases, the db/redis accessory defaults all come from the preset — and a
 * secrets file that leaves RAILS_MASTER_KEY to config/master.key.
 */
export interface RailsTemplateOptions {
  service: string;
  image: string;
  host: string;
  registry: string;
  /** The registry user; its password is the KAMAL_REGISTRY_PASSWORD secret. None for a registry without login. */
  username?: string;
}

export function railsConfigTemplate(opts: RailsTemplateOptions): string {
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
    ...(opts.username ? [`  username: ${opts.username}`, '  password:', '    - KAMAL_REGISTRY_PASSWORD'] : []),
    '# accessories:          # with preset: rails an image is enough: the primary host, a loopback port, a data directory',
    '#   db:',
    '#     image: postgres:16  # or mysql:8.0; its root password is the POSTGRES_PASSWORD (MYSQL_ROOT_PASSWORD) secret',
    '#   redis:',
    '#     image: redis:7.0',
    '',
  ].join('\n');
}

export const RAILS_SECRETS = `# Secrets for config/deploy.yml, one NAME=value per line (dotenv). Never commit real values.
# RAILS_MASTER_KEY is read from config/master.key unless it is set here.
KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD
# POSTGRES_PASSWORD=$POSTGRES_PASSWORD
`;

/** A service name from the project folder's name (`My Shop` → `my-shop`). */
export function serviceNameFrom(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-app';
}
