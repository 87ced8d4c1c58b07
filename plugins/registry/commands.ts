/**
 * Registry login/logout. The password never reaches argv: the caller passes it as the command's
 * stdin (ExecOptions.stdin), which `--password-stdin` reads. No server means Docker Hub.
 */
import type { Command } from '../../core/transport/types.js';

export interface RegistryLoginOptions {
  /** Omitted for Docker Hub. */
  server?: string;
  username: string;
}

export function registryLogin(opts: RegistryLoginOptions): Command {
  return ['docker', 'login', ...serverArg(opts.server), '-u', opts.username, '--password-stdin'];
}

export function registryLogout(server?: string): Command {
  return ['docker', 'logout', ...serverArg(server)];
}

function serverArg(server: string | undefined): string[] {
  return server ? [server] : [];
}
