/**
 * `app exec` argv: a one-off container of the role's image (its env, secret env file, options and
 * network), or a command inside the role's running container. Pure: nothing here runs anything.
 */
import type { Command } from '../../core/transport/types.js';
import { NETWORK, optionArgs, type DockerOptions } from '../docker/api.js';

export interface ExecShape {
  /** `-it`: stdin kept open on a terminal (the interactive exec). */
  interactive?: boolean;
  /** Extra `--env KEY=VALUE` given on the command line, after the role's. */
  env?: Readonly<Record<string, string>>;
  cmd: readonly string[];
}

export interface ExecRunOptions extends ExecShape {
  image: string;
  /** Default `kamal`. */
  network?: string;
  /** The role's clear env. */
  roleEnv?: Readonly<Record<string, string>>;
  /** The role's secrets env file on the host. */
  envFile?: string;
  options?: DockerOptions;
  /** Leave the container running in the background instead of removing it when done. */
  detach?: boolean;
}

const envArgs = (env: Readonly<Record<string, string>> = {}): string[] => Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);

export function execInNewContainer(opts: ExecRunOptions): Command {
  return [
    'docker',
    'run',
    ...(opts.interactive ? ['-it'] : []),
    opts.detach ? '--detach' : '--rm',
    '--network',
    opts.network ?? NETWORK,
    ...envArgs(opts.roleEnv),
    ...envArgs(opts.env),
    ...(opts.envFile ? ['--env-file', opts.envFile] : []),
    ...optionArgs(opts.options ?? {}),
    opts.image,
    ...opts.cmd,
  ];
}

export function execInContainer(container: string, opts: ExecShape): Command {
  return ['docker', 'exec', ...(opts.interactive ? ['-it'] : []), ...envArgs(opts.env), container, ...opts.cmd];
}
