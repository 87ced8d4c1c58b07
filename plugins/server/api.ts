/** The server plugin's published module: its hook table. */
import { AsyncSeriesHook } from 'tapable';
import type { Engine } from '../../core/engine.js';
import type { TaskEnv } from '../../core/graph/model.js';
import { attributeTaps } from '../../core/plugin-hooks.js';

export const SERVER_PLUGIN = 'server';

export interface ServerHooks {
  /** `setup`: Docker is installed on every host; runs once, locally (the hooks plugin runs `docker-setup`). */
  dockerSetup: AsyncSeriesHook<[TaskEnv]>;
}

const tables = new WeakMap<Engine, ServerHooks>();

export function getServerHooks(engine: Engine): ServerHooks {
  let hooks = tables.get(engine);
  if (!hooks) {
    hooks = attributeTaps({ dockerSetup: new AsyncSeriesHook<[TaskEnv]>(['env']) }, SERVER_PLUGIN);
    tables.set(engine, hooks);
  }
  return hooks;
}
