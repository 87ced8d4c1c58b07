/**
 * Services plugins offer each other through the run state, by name. A plugin calls a service
 * only when it is there, so the app boots without a proxy plugin, and a team can swap one.
 */
import type { RunContext, TaskEnv } from '../core/graph/model.js';
import type { Word } from '../core/transport/types.js';

/** The proxy switch for proxied roles (offered by the proxy plugin). */
export const PROXY_SWITCH = 'proxy:switch';

export interface ProxySwitchRequest {
  role: string;
  /** The new container's name, and its short id (which Docker's DNS resolves on the app network). */
  container: string;
  containerId: string;
  /** The container being replaced, when one was running. */
  oldContainer?: string;
}

/**
 * Moves the role's traffic on `env.host` to the new container: resolves once the new target is
 * healthy and the old one has drained (the caller then stops the old container); rejects, with
 * the new container's logs in the error, when the new target never became healthy — the old
 * target keeps serving.
 */
export type ProxySwitch = (env: TaskEnv, request: ProxySwitchRequest) => Promise<void>;

/** Asset bridging (offered by the assets plugin): extra `docker run` words mounting the role's assets. */
export const ASSET_VOLUME = 'assets:volume';
export type AssetVolume = (env: TaskEnv, role: string, version: string) => Word[];

/** After the old container stopped: remove asset directories older than the previous version. */
export const ASSET_CLEANUP = 'assets:cleanup';
export type AssetCleanup = (env: TaskEnv, role: string, version: string) => Promise<void>;

export function service<T>(ctx: RunContext, name: string): T | undefined {
  return ctx.state.get(name) as T | undefined;
}
