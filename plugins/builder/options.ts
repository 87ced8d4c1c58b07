/**
 * From config to BuildOptions, and the remote builder URI. Arch, Dockerfile, target, args,
 * secret names, cache and attestations come from the `builder` section; values of secrets are
 * not here (they go to the build process environment).
 */
import type { RunContext } from '../../core/graph/model.js';
import { isLocalRegistry } from '../../core/config/rules.js';
import { appRepository } from '../app/api.js';
import { buildCache, localBuilderName, remoteBuilderName, type BuildOptions } from './commands.js';
import { latestTag } from '../docker/api.js';

/** `builder.remote` with `ssh.user` filled in when the URI names no user. */
export function remoteUri(ctx: RunContext): string | undefined {
  const remote = ctx.config.config.builder?.remote;
  const user = ctx.config.config.ssh?.user;
  if (!remote || !user || !remote.startsWith('ssh://') || remote.includes('@')) return remote;
  return `ssh://${user}@${remote.slice('ssh://'.length)}`;
}

/**
 * The buildx builder to use: the remote one, a named local one for a non-`docker` driver, or
 * none (the daemon's default builder, which needs no BuildKit container).
 */
export function builderName(ctx: RunContext): string | undefined {
  const remote = remoteUri(ctx);
  if (remote) return remoteBuilderName(remote);
  const driver = ctx.config.config.builder?.driver;
  return driver && driver !== 'docker' ? localBuilderName(driver, usesLocalRegistry(ctx)) : undefined;
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

export function buildOptions(ctx: RunContext, context: string, buildx: boolean): BuildOptions {
  const { config } = ctx.config;
  const builder = config.builder;
  const arch = builder?.arch;
  return {
    service: config.service,
    repository: appRepository(ctx),
    version: ctx.version,
    latestTag: latestTag(ctx.destination),
    arches: arch === undefined ? [] : Array.isArray(arch) ? arch : [arch],
    builder: buildx ? builderName(ctx) : undefined,
    dockerfile: builder?.dockerfile ?? 'Dockerfile',
    context,
    target: builder?.target,
    // Kamal passes a null or empty value as a bare `--build-arg KEY` (docker reads it from the environment).
    args: Object.fromEntries(Object.entries(builder?.args ?? {}).map(([key, value]) => [key, value === null || value === '' ? undefined : String(value)])),
    secrets: builder?.secrets,
    cache: buildx && builder?.cache ? buildCache(builder.cache, config.registry?.server, config.image ?? config.service) : undefined,
    ssh: builder?.ssh,
    provenance: builder?.provenance,
    sbom: builder?.sbom,
    // commander's `--no-cache` sets `cache: false`.
    noCache: ctx.options.cache === false,
    output: buildOutput(ctx),
  };
}
