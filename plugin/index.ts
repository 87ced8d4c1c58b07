/**
 * `gantry-deploy/plugin`: the published API for writing Gantry plugins. A plugin imports only
 * from here: `definePlugin`, the phase anchors, the task-node and run types, and the hook
 * tables of the plugins it extends (app, proxy, server) with their types and driver interface.
 *
 *   import { definePlugin, DEPLOY } from 'gantry-deploy/plugin';
 */
export { definePlugin, definePreset, type Plugin, type PluginConfigSection, type Preset, type PluginSpec } from '../core/plugin.js';
/** TypeBox, for a plugin's config-section schema (the same copy Gantry validates with). */
export { Type, type Static, type TSchema } from 'typebox';
export type { Engine } from '../core/engine.js';
export type { EngineHooks } from '../core/hooks.js';
export type { GraphBuilder } from '../core/graph/builder.js';
export { DEPLOY, anchorsOf, addGraphOption } from '../core/graph/named.js';
export { CONFIRM_OPTION, ConfirmationNeeded, requireConfirmation } from '../core/graph/confirm.js';
export type { GraphDecl, GraphOption, RunContext, Scope, TaskEnv, TaskNode, When } from '../core/graph/model.js';
export type { ConfigIssue, LoadedConfig } from '../core/config/types.js';
export type { Command, ExecOptions, ExecResult, Word } from '../core/transport/types.js';
export type { Host } from '../core/hosts.js';
export { GantryError } from '../core/errors.js';
export { raw } from '../core/transport/quote.js';
export { getAppHooks, type AppHooks, type BootGroupEvent, type RoleBoot, type TrafficSwitchRequest } from '../plugins/app/api.js';
export { getProxyHooks, type ProxyDriver, type ProxyHooks, type ProxyRebootEvent } from '../plugins/proxy/api.js';
export { getServerHooks, type ServerHooks } from '../plugins/server/api.js';
/** A node that runs a container on the `kamal` network waits for the host's one network step. */
export { requireNetwork } from '../plugins/docker/api.js';
