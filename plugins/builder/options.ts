/**
 * From config to BuildOptions, and the remote builder URI. Arch, Dockerfile, target, args,
 * secret names, cache and attestations come from the `builder` section; values of secrets are
 * not here (they go to the build process environment).
 */
import type { RunContext } from '../../core/graph/model.js';
import { isLocalRegistry } from '../../core/config/rules.js';
import { appRepository } from '../app/api.js';
import { latestTag } from '../docker/api.js';
import { buildCache, type BuildOptions } from './commands.js';
import type { BuilderInput, BuilderPlan } from './plan.js';

/** `builder.remote` with `ssh.user` filled in when the URI names no user. */
export function remoteUri(ctx: RunContext): string | undefined {
  const remote = ctx.config.config.builder?.remote;
  const user = ctx.config.config.ssh?.user;
  if (!remote || !user || !remote.startsWith('ssh://') || remote.includes('@')) return remote;
  return `ssh://${user}@${remote.slice('ssh://'.length)}`;
}

/** The `builder` settings planBuilder decides with. */
export function builderInput(ctx: RunContext): BuilderInput {
  const builder = ctx.config.config.builder;
  const arch = builder?.arch;
  const remote = remoteUri(ctx);
  return {
    arches: arch === undefined ? [] : Array.isArray(arch) ? arch : [arch],
    ...(remote ? { remote } : {}),
    ...(builder?.local === undefined ? {} : { local: builder.local }),
    ...(builder?.driver ? { driver: builder.driver } : {}),
    localRegistry: usesLocalRegistry(ctx),
  };
}

/** `registry.server: localhost:PORT`: a registry on this machine (see the registry plugin). */
export function usesLocalRegistry(ctx: RunContext): boolean {
  return isLocalRegistry(ctx.config.config.registry?.server);
}

/** `--output TYPE` of `build push` / `build dev`; undefined pushes (the deploy's build). */
export function buildOutput(ctx: RunContext): string | undefined {
  const output = ctx.options.output;
  return typeof output === 'string' ? output : undefined;
}

/** `plan` is the buildx builder plan; undefined builds with plain `docker build` (no buildx here). */
export function buildOptions(ctx: RunContext, context: string, plan: BuilderPlan | undefined): BuildOptions {
  const { config } = ctx.config;
  const builder = config.builder;
  return {
    service: config.service,
    repository: appRepository(ctx),
    version: ctx.version,
    latestTag: latestTag(ctx.destination),
    arches: builderInput(ctx).arches,
    builder: plan?.name,
    dockerfile: builder?.dockerfile ?? 'Dockerfile',
    context,
    target: builder?.target,
    // Kamal passes a null or empty value as a bare `--build-arg KEY` (docker reads it from the environment).
    args: Object.fromEntries(Object.entries(builder?.args ?? {}).map(([key, value]) => [key, value === null || value === '' ? undefined : String(value)])),
    secrets: builder?.secrets,
    cache: plan && builder?.cache ? buildCache(builder.cache, config.registry?.server, config.image ?? config.service) : undefined,
    ssh: builder?.ssh,
    provenance: builder?.provenance,
    sbom: builder?.sbom,
    // commander's `--no-cache` sets `cache: false`.
    noCache: ctx.options.cache === false,
    output: buildOutput(ctx),
  };
}
