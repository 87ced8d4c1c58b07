/**
 * The app plugin's published module: its hook table (webpack's `getCompilationHooks` pattern),
 * the types those hooks carry, and the app's naming and run context that other plugins derive
 * from. Other plugins import from this file only, never from the app plugin's other files.
 *
 *   import { getAppHooks } from '../app/api.js';
 *   getAppHooks(engine).containerRunArgs.tap('assets', async (args, boot) => [...args, ...volume(boot)]);
 */
import { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { Engine } from '../../core/engine.js';
import type { TaskEnv } from '../../core/graph/model.js';
import type { Word } from '../../core/transport/types.js';
import { attributeTaps } from '../../core/plugin-hooks.js';

export const APP_PLUGIN = 'app';

/** One role booting on one host (`env.host`). */
export interface RoleBoot {
  env: TaskEnv;
  role: string;
  /** The version being booted. */
  version: string;
}

export interface TrafficSwitchRequest {
  role: string;
  /** The new container's name, and its short id (which Docker's DNS resolves on the app network). */
  container: string;
  containerId: string;
  /** The container being replaced, when one was running. */
  oldContainer?: string;
  /**
   * Called once the new container passed its health check, before the old one drains (for the
   * primary role the barrier opens there: other roles need a healthy primary container, not a
   * drained old one). A driver whose health check and switch are one command does not call it;
   * the app then takes the end of the switch.
   */
  onHealthy?: () => void;
}

/** A rolling boot group is about to boot (`pre`) or has booted (`post`). */
export interface BootGroupEvent {
  phase: 'pre' | 'post';
  /** 0-based group number, of `count`. */
  index: number;
  count: number;
  hosts: readonly string[];
}

export interface AppHooks {
  /** Extra `docker run` words for a role's new container, e.g. the assets plugin's volume. */
  containerRunArgs: AsyncSeriesWaterfallHook<[Word[], RoleBoot]>;
  /**
   * Moves a proxied role's traffic on `env.host` to the new container. A tap that did it
   * resolves `true` once the new target is healthy and the old one drained, and rejects (with
   * the new container's logs) when it never became healthy. With no tap, the app waits for
   * Docker's health check instead.
   */
  trafficSwitch: AsyncSeriesBailHook<[TaskEnv, TrafficSwitchRequest], true | undefined>;
  /**
   * The role on `env.host` is about to stop serving (`app stop`, `app remove`): a proxy drops
   * its route first, so no request reaches a stopping container.
   */
  routeDrop: AsyncSeriesHook<[TaskEnv, string]>;
  /** The role's old container on `env.host` stopped (the new one serves). */
  oldContainerStopped: AsyncSeriesHook<[RoleBoot]>;
  /** Around each rolling boot group, run locally (the hooks plugin runs pre/post-app-boot). */
  bootGroup: AsyncSeriesHook<[TaskEnv, BootGroupEvent]>;
}

const tables = new WeakMap<Engine, AppHooks>();

/** The app hook table of an engine, created on first use. */
export function getAppHooks(engine: Engine): AppHooks {
  let hooks = tables.get(engine);
  if (!hooks) {
    hooks = attributeTaps({
      containerRunArgs: new AsyncSeriesWaterfallHook<[Word[], RoleBoot]>(['args', 'boot']),
      trafficSwitch: new AsyncSeriesBailHook<[TaskEnv, TrafficSwitchRequest], true | undefined>(['env', 'request']),
      routeDrop: new AsyncSeriesHook<[TaskEnv, string]>(['env', 'role']),
      oldContainerStopped: new AsyncSeriesHook<[RoleBoot]>(['boot']),
      bootGroup: new AsyncSeriesHook<[TaskEnv, BootGroupEvent]>(['env', 'event']),
    }, 'app');
    tables.set(engine, hooks);
  }
  return hooks;
}

export {
  allRoles,
  appRepository,
  appRolesOn,
  appScope,
  isProxied,
  latestImage,
  primaryRole,
  roleScope,
  roleSection,
  runDirectory,
  versionImage,
} from './context.js';
export { appFilters, containerPrefix, serviceAndDestination, versionFromContainerName, type AppScope, type RoleScope } from './naming.js';
export { appDirectory } from './paths.js';
/** For one-off containers of the app image (Rails' db:prepare) and accessories: settings, env, the secrets env file. */
export { roleSettings } from './settings.js';
export { mergeEnv, secretValues, type EnvLayer, type MergedEnv } from './env.js';
export { renderEnvFile } from './env-file.js';
export { envDirectory, envFilePath } from './paths.js';
export { ensureEnvDirectory } from './commands.js';
