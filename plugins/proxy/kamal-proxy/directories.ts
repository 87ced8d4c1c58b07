/**
 * The proxy's shared directory on the host: `<run>/proxy/apps-config` is mounted into kamal-proxy
 * at /home/kamal-proxy/.apps-config; each app keeps its custom TLS files and error pages under
 * `<service>[-<destination>]/` there, as Kamal lays them out.
 */
import { posix } from 'node:path';
import type { Command } from '../../../core/transport/types.js';

export const APPS_CONFIG_CONTAINER_DIRECTORY = '/home/kamal-proxy/.apps-config';

export function ensureAppsConfigDirectory(runDir: string): Command {
  return ['mkdir', '-p', posix.join(runDir, 'proxy', 'apps-config')];
}

export function removeProxyDirectory(runDir: string): Command {
  return ['rm', '-rf', posix.join(runDir, 'proxy')];
}

/** One app's directory, on the host and as the proxy container sees it. */
export interface AppConfigDirectory {
  host: string;
  container: string;
}

export function appConfigDirectory(runDir: string, serviceAndDestination: string): AppConfigDirectory {
  return {
    host: posix.join(runDir, 'proxy', 'apps-config', serviceAndDestination),
    container: posix.join(APPS_CONFIG_CONTAINER_DIRECTORY, serviceAndDestination),
  };
}

/** A role's custom certificate and key: `tls/<role>/{cert,key}.pem`. */
export function tlsFiles(app: AppConfigDirectory, role: string) {
  const host = posix.join(app.host, 'tls', role);
  const container = posix.join(app.container, 'tls', role);
  return {
    hostDirectory: host,
    hostCertificate: posix.join(host, 'cert.pem'),
    hostPrivateKey: posix.join(host, 'key.pem'),
    containerCertificate: posix.join(container, 'cert.pem'),
    containerPrivateKey: posix.join(container, 'key.pem'),
  };
}

/** A version's error pages: `error_pages/<version>/`. */
export function errorPagesDirectories(app: AppConfigDirectory, version: string) {
  return {
    hostRoot: posix.join(app.host, 'error_pages'),
    host: posix.join(app.host, 'error_pages', version),
    container: posix.join(app.container, 'error_pages', version),
  };
}

/** Removes every other version's error pages once this version serves. */
export function cleanUpErrorPages(hostRoot: string, version: string): Command {
  return ['find', hostRoot, '-mindepth', '1', '-maxdepth', '1', '!', '-name', version, '-exec', 'rm', '-rf', '{}', '+'];
}
