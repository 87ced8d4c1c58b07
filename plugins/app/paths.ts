/**
 * Where an app's files live on a host, under the run directory (`.kamal` for Kamal projects,
 * relative to the SSH user's home): `<run>/apps/<service>[-<destination>]/…`.
 */
import { posix } from 'node:path';
import { serviceAndDestination, type AppScope } from './naming.js';

export function appDirectory(runDir: string, scope: AppScope): string {
  return posix.join(runDir, 'apps', serviceAndDestination(scope));
}

export function envDirectory(runDir: string, scope: AppScope): string {
  return posix.join(appDirectory(runDir, scope), 'env', 'roles');
}

/** `<run>/apps/<service>[-<destination>]/env/roles/<role>.env`: the role's secrets, mode 0600. */
export function envFilePath(runDir: string, scope: AppScope, role: string): string {
  return posix.join(envDirectory(runDir, scope), `${role}.env`);
}
