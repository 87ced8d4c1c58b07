/**
 * Accessory defaults for a Rails app, as Kamal's generator writes them in its commented
 * deploy.yml: a `db` (Postgres or MySQL, told apart by the image) and a `redis` declared with an
 * image only run on the primary host, publish their port on the host's loopback only, keep
 * their data in a host directory and, for the databases, take the root password from the secrets.
 * A key the config sets is left as it is; an accessory that names its own placement keeps it.
 */
import { buildInventory, type ServersSection } from '../../core/inventory.js';
import type { GantryConfig } from '../../schemas/index.js';
import { PLACEMENT_KEYS } from '../accessories/api.js';

type Accessory = NonNullable<GantryConfig['accessories']>[string];
type Defaults = Pick<Accessory, 'port' | 'env' | 'directories'>;

/** The image's name without registry, path and tag: `docker.io/library/postgres:16` → `postgres`. */
function imageName(image: string): string {
  return image.split('/').at(-1)!.split(/[:@]/)[0]!;
}

/** What an accessory of this name and image gets by default (undefined: not one the preset knows). */
export function accessoryDefaults(name: string, image: string): Defaults | undefined {
  const kind = imageName(image);
  if (name === 'db' && /^(postgres|postgis)/.test(kind)) {
    return { port: '127.0.0.1:5432:5432', env: { secret: ['POSTGRES_PASSWORD'] }, directories: ['data:/var/lib/postgresql/data'] };
  }
  if (name === 'db' && /^(mysql|mariadb)/.test(kind)) {
    return { port: '127.0.0.1:3306:3306', env: { clear: { MYSQL_ROOT_HOST: '%' }, secret: ['MYSQL_ROOT_PASSWORD'] }, directories: ['data:/var/lib/mysql'] };
  }
  if (name === 'redis' && /^(redis|valkey)/.test(kind)) {
    return { port: '127.0.0.1:6379:6379', directories: ['data:/data'] };
  }
  return undefined;
}

/** `db` and `redis` filled in where the config is silent; other accessories as written. */
export function withAccessoryDefaults(config: GantryConfig): GantryConfig {
  const accessories = config.accessories;
  if (!accessories) return config;
  const primary = buildInventory(config.servers as ServersSection, config.primary_role ?? 'web').find((host) => host.primary)?.name;
  const filled = Object.fromEntries(
    Object.entries(accessories).map(([name, accessory]) => {
      const defaults = typeof accessory.image === 'string' ? accessoryDefaults(name, accessory.image) : undefined;
      if (!defaults) return [name, accessory];
      const placed = PLACEMENT_KEYS.some((key) => accessory[key] !== undefined);
      const placement = placed || primary === undefined ? {} : { host: primary };
      const unset = Object.fromEntries(Object.entries(defaults).filter(([key]) => accessory[key as keyof Accessory] === undefined));
      return [name, { ...placement, ...unset, ...accessory }];
    }),
  );
  return { ...config, accessories: filled };
}
