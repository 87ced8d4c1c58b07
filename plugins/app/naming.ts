/**
 * Names, labels and filters of app containers. They follow Kamal exactly, because the state of a
 * deploy lives on the hosts as container names and labels: a host deployed by Kamal 2 keeps
 * working, and a destination or another app on the same host is never mistaken for this one.
 */

/** Which deploy a container belongs to. No destination means the label value is empty. */
export interface AppScope {
  service: string;
  destination?: string;
}

export interface RoleScope extends AppScope {
  role: string;
}

/** `<service>-<role>[-<destination>]`: the container name without its version; also the proxy service name. */
export function containerPrefix(scope: RoleScope): string {
  return [scope.service, scope.role, scope.destination].filter(Boolean).join('-');
}

/** `<service>-<role>[-<destination>]-<version>`. */
export function containerName(scope: RoleScope, version: string): string {
  return `${containerPrefix(scope)}-${version}`;
}

/** The version of a container renamed out of the way when that version is deployed again. */
export function replacedVersion(version: string, randomHex: string): string {
  return `${version}_replaced_${randomHex}`;
}

/** `<service>[-<destination>]`: the app's directory name and lock/audit names on a host. */
export function serviceAndDestination(scope: AppScope): string {
  return [scope.service, scope.destination].filter(Boolean).join('-');
}

/** The version part of a container name, or undefined when the name has another prefix. */
export function versionFromContainerName(scope: RoleScope, name: string): string | undefined {
  const prefix = `${containerPrefix(scope)}-`;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined;
}

/**
 * The container's hostname: the host's name (cut so the result stays within Linux's 64
 * characters) plus random hex, so containers on different hosts tell apart in logs.
 */
export function containerHostname(host: string, randomHex: string): string {
  return `${host.slice(0, 51).replace(/\.+$/, '')}-${randomHex}`;
}

/**
 * `--label service=… --label role=… --label destination[=…]`. Without a destination the label
 * is set with an empty value (`--label destination`), which `label=destination=` filters match.
 */
export function appLabelArgs(scope: RoleScope): string[] {
  return [
    '--label',
    `service=${scope.service}`,
    '--label',
    `role=${scope.role}`,
    '--label',
    scope.destination ? `destination=${scope.destination}` : 'destination',
  ];
}

/** The labels Gantry sets itself; custom labels may not replace them. */
export const RESERVED_LABELS: readonly string[] = ['service', 'role', 'destination'];

/** Docker filters selecting this app's containers: service, destination (empty matches none), role. */
export function appFilters(scope: AppScope & { role?: string }, statuses: readonly string[] = []): string[] {
  return [
    `label=service=${scope.service}`,
    `label=destination=${scope.destination ?? ''}`,
    ...(scope.role === undefined ? [] : [`label=role=${scope.role}`]),
    ...statuses.map((status) => `status=${status}`),
  ];
}
