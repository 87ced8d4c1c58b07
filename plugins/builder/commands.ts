/**
 * Build and push argv: `docker buildx build --push` (local or remote builder), the plain
 * `docker build` + `docker push` fallback for hosts without buildx, and the buildx builder
 * lifecycle. Build secrets are named only (`--secret id=NAME`); the caller gives the values to the
 * build process as environment variables, so they never appear in argv or logs.
 */
import { and, seq } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';
import { imageRef } from '../docker/api.js';

export interface BuildOptions {
  service: string;
  repository: string;
  version: string;
  /** `latest` or `latest-<destination>` (see latestTag). */
  latestTag: string;
  /** `amd64`, `arm64`...; empty builds for the builder's own platform. */
  arches: readonly string[];
  /** buildx builder; absent with the `docker` driver (its default builder). */
  builder?: string;
  dockerfile: string;
  context: string;
  target?: string;
  /** undefined: a bare `--build-arg KEY`. */
  args?: Readonly<Record<string, string | undefined>>;
  /** Secret names; their values are in the build process environment. */
  secrets?: readonly string[];
  cache?: BuildCache;
  ssh?: string;
  provenance?: string | boolean;
  sbom?: string | boolean;
  noCache?: boolean;
  /** buildx `--output type=…` (`registry`, `docker`…); absent: `--push` (the deploy's build). */
  output?: string;
}

export interface BuildCache {
  from: string;
  to: string;
}

export interface CacheConfig {
  type: 'gha' | 'registry';
  /** Registry cache image; default `<image>-build-cache`. */
  image?: string;
  /** Extra cache-to options, e.g. `mode=max`. */
  options?: string;
}

/** `--cache-from`/`--cache-to` values as Kamal writes them for the gha and registry caches. */
export function buildCache(cache: CacheConfig, registryServer: string | undefined, image: string): BuildCache {
  const options = cache.options ? [cache.options] : [];
  if (cache.type === 'gha') return { from: 'type=gha', to: ['type=gha', ...options].join(',') };
  const ref = `ref=${[registryServer, cache.image ?? `${image}-build-cache`].filter(Boolean).join('/')}`;
  return { from: ['type=registry', ref].join(','), to: ['type=registry', ref, ...options].join(',') };
}

/** Builds for every arch and pushes `repo:version` and `repo:latest[-dest]` in one step. */
export function buildxBuild(opts: BuildOptions): Command {
  return [
    'docker',
    'buildx',
    'build',
    ...(opts.output ? [`--output=type=${opts.output}`] : ['--push']),
    ...platformOption(opts.arches),
    ...(opts.builder ? ['--builder', opts.builder] : []),
    ...tagArgs(opts),
    ...(opts.cache ? ['--cache-to', opts.cache.to, '--cache-from', opts.cache.from] : []),
    ...sharedBuildArgs(opts),
    ...(opts.provenance === undefined ? [] : ['--provenance', String(opts.provenance)]),
    ...(opts.sbom === undefined ? [] : ['--sbom', String(opts.sbom)]),
    ...(opts.noCache ? ['--no-cache'] : []),
    opts.context,
  ];
}

/** Without buildx: one platform with the classic CLI; build:push pushes both tags after it. */
export function dockerBuild(opts: BuildOptions): Command {
  if (opts.arches.length > 1) throw new Error(`docker build without buildx builds one platform, got ${opts.arches.join(', ')}`);
  return [
    'docker',
    'build',
    ...platformOption(opts.arches),
    ...tagArgs(opts),
    ...sharedBuildArgs(opts),
    ...(opts.noCache ? ['--no-cache'] : []),
    opts.context,
  ];
}

export function pushImage(image: string): Command {
  return ['docker', 'push', image];
}

function tagArgs(opts: BuildOptions): string[] {
  return ['-t', imageRef(opts.repository, opts.version), '-t', imageRef(opts.repository, opts.latestTag)];
}

function sharedBuildArgs(opts: BuildOptions): string[] {
  return [
    '--label',
    `service=${opts.service}`,
    ...Object.entries(opts.args ?? {}).flatMap(([key, value]) => ['--build-arg', value === undefined ? key : `${key}=${value}`]),
    ...(opts.secrets ?? []).flatMap((name) => ['--secret', `id=${name}`]),
    '--file',
    opts.dockerfile,
    ...(opts.target ? ['--target', opts.target] : []),
    ...(opts.ssh ? ['--ssh', opts.ssh] : []),
  ];
}

// Builder names keep Kamal's, so a builder created by either tool is reused by the other.

/** With a local registry the builder is its own (as Kamal): it shares the host's network to reach it. */
export function localBuilderName(driver: string, localRegistry = false): string {
  return localRegistry ? `kamal-local-registry-${driver}` : `kamal-local-${driver}`;
}

/** `ssh://user@host` → `kamal-remote-ssh---user-host`: buildx names allow few characters. */
export function remoteBuilderName(remote: string): string {
  return `kamal-remote-${remote.replace(/[^a-z0-9_-]/g, '-')}`;
}

export function remoteContextName(remote: string): string {
  return `${remoteBuilderName(remote)}-context`;
}

/** One builder with a local node (the local arches) and a remote node (the others). */
export function hybridBuilderName(driver: string, remote: string): string {
  return `kamal-hybrid-${driver}-${remote.replace(/[^a-z0-9_-]/g, '-')}`;
}

function platformOption(arches: readonly string[]): string[] {
  return arches.length ? ['--platform', arches.map((arch) => `linux/${arch}`).join(',')] : [];
}

export interface HybridBuilder {
  driver: string;
  remote: string;
  localArches: readonly string[];
  remoteArches: readonly string[];
}

/** The local node with its driver, a docker context for the remote, and the remote node appended. */
export function createHybridBuilder({ driver, remote, localArches, remoteArches }: HybridBuilder): Command {
  const name = hybridBuilderName(driver, remote);
  const context = `${name}-context`;
  return and(
    ['docker', 'buildx', 'create', ...platformOption(localArches), '--name', name, `--driver=${driver}`],
    ['docker', 'context', 'create', context, '--description', `${name} host`, '--docker', `host=${remote}`],
    ['docker', 'buildx', 'create', ...platformOption(remoteArches), '--append', '--name', name, context],
  );
}

export function removeHybridBuilder(driver: string, remote: string): Command {
  const name = hybridBuilderName(driver, remote);
  return seq(['docker', 'buildx', 'rm', name], ['docker', 'context', 'rm', `${name}-context`]);
}

/** Fails when the builder is missing; see isMissingBuilderError. */
export function inspectBuilder(name: string): Command {
  return ['docker', 'buildx', 'inspect', name];
}

/**
 * A local builder with its own BuildKit container (the `docker-container` driver by default).
 * A BuildKit container pushing to `localhost:PORT` must share the host's network to reach it.
 */
export function createLocalBuilder(driver: string, localRegistry = false): Command {
  return ['docker', 'buildx', 'create', '--name', localBuilderName(driver, localRegistry), `--driver=${driver}`, ...(localRegistry ? ['--driver-opt', 'network=host'] : [])];
}

export function removeLocalBuilder(driver: string, localRegistry = false): Command {
  return ['docker', 'buildx', 'rm', localBuilderName(driver, localRegistry)];
}

/** A docker context reaching the remote daemon over SSH, and a buildx builder on it. */
export function createRemoteBuilder(remote: string): Command {
  const context = remoteContextName(remote);
  return and(
    ['docker', 'context', 'create', context, '--description', `${remoteBuilderName(remote)} host`, '--docker', `host=${remote}`],
    ['docker', 'buildx', 'create', '--name', remoteBuilderName(remote), context],
  );
}

/** Removes both parts; either may already be gone, so the second runs regardless. */
export function removeRemoteBuilder(remote: string): Command {
  return seq(['docker', 'buildx', 'rm', remoteBuilderName(remote)], ['docker', 'context', 'rm', remoteContextName(remote)]);
}

/** The errors after which Kamal recreates the builder instead of failing the build. */
export function isMissingBuilderError(message: string): boolean {
  return /context not found|no builder|no compatible builder|does not exist/.test(message);
}

export function listDockerContexts(): Command {
  return ['docker', 'context', 'ls'];
}

export function listBuilders(): Command {
  return ['docker', 'buildx', 'ls'];
}
