/**
 * Which builder builds which arches, as Kamal decides: with `builder.remote`, the arches this
 * machine's Docker can build natively are built here (unless `local: false`) and the rest on the
 * remote; both at once is a "hybrid" builder with one local and one remote node. Without a remote,
 * everything is built here with a `docker-container` BuildKit builder (or Docker's own builder
 * for the `docker` driver).
 */
import { hybridBuilderName, localBuilderName, remoteBuilderName } from './commands.js';

export type BuilderKind = 'docker' | 'local' | 'remote' | 'hybrid';

export interface BuilderPlan {
  kind: BuilderKind;
  /** The buildx builder (`--builder`); none for the `docker` driver. */
  name?: string;
  driver: string;
  localArches: string[];
  remoteArches: string[];
  remote?: string;
  /** A `localhost:PORT` registry: the local builder is its own and shares the host's network. */
  localRegistry?: true;
}

export interface BuilderInput {
  arches: readonly string[];
  remote?: string;
  /** `builder.local`; false sends every arch to the remote. */
  local?: boolean;
  driver?: string;
  localRegistry?: boolean;
}

/** Whether the plan depends on this machine's arch (only a remote with local builds allowed does). */
export function needsLocalArch(input: BuilderInput): boolean {
  return input.remote !== undefined && input.local !== false;
}

/** `localArch` is this machine's Docker arch (see dockerArch); needed only when needsLocalArch. */
export function planBuilder(input: BuilderInput, localArch?: string): BuilderPlan {
  const driver = input.driver ?? 'docker-container';
  const arches = [...input.arches];
  const localArches = input.local === false ? [] : input.remote ? arches.filter((arch) => arch === localArch) : arches;
  const remoteArches = input.remote ? arches.filter((arch) => !localArches.includes(arch)) : [];
  const base = { driver, localArches, remoteArches, ...(input.localRegistry ? { localRegistry: true as const } : {}) };
  if (input.remote && remoteArches.length > 0) {
    const remote = input.remote;
    if (localArches.length > 0) return { ...base, kind: 'hybrid', name: hybridBuilderName(driver, remote), remote };
    return { ...base, kind: 'remote', name: remoteBuilderName(remote), remote };
  }
  if (driver === 'docker') return { ...base, kind: 'docker' };
  return { ...base, kind: 'local', name: localBuilderName(driver, input.localRegistry) };
}

/** `docker info` names arches as the kernel does; buildx platforms use Go's names. */
export function dockerArch(architecture: string): string {
  const arch = architecture.trim();
  if (arch === 'x86_64') return 'amd64';
  if (arch === 'aarch64') return 'arm64';
  return arch;
}
