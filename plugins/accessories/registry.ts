/**
 * The registry an accessory's image comes from: its own `registry:` block, else the app's (as
 * Kamal logs in before booting an accessory). A login happens only when both username and
 * password are set and the registry is not a `localhost:PORT` one; secret values are read only
 * when the login runs, and the password goes to `docker login`'s stdin.
 */
import { isLocalRegistry } from '../../core/config/rules.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { registryLogin } from '../registry/api.js';
import type { Accessory } from './settings.js';

type SecretRef = string | string[];

export async function loginForAccessory(env: TaskEnv, accessory: Accessory): Promise<void> {
  const registry = accessory.registry ?? env.ctx.config.config.registry;
  if (!registry || isLocalRegistry(registry.server) || registry.username === undefined || registry.password === undefined) return;
  const value = (ref: SecretRef) => (Array.isArray(ref) ? env.ctx.config.secrets.get(ref[0]!) : ref);
  await env.run(registryLogin({ server: registry.server, username: value(registry.username) }), { stdin: value(registry.password) });
}
