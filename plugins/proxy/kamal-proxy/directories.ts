/** The proxy's shared directory on the host: `<run>/proxy/apps-config` is mounted into kamal-proxy. */
import { posix } from 'node:path';
import type { Command } from '../../../core/transport/types.js';

export function ensureAppsConfigDirectory(runDir: string): Command {
  return ['mkdir', '-p', posix.join(runDir, 'proxy', 'apps-config')];
}

export function removeProxyDirectory(runDir: string): Command {
  return ['rm', '-rf', posix.join(runDir, 'proxy')];
}
