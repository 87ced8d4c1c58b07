/**
 * Server bootstrap argv: is Docker there, which downloader is, and the get.docker.com install
 * piped to a shell (through sudo for a non-root SSH user). Pure: nothing here runs anything.
 */
import { pipe } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';

export const DOCKER_INSTALL_URL = 'https://get.docker.com';

export type Downloader = 'curl' | 'wget';

export function dockerVersion(): Command {
  return ['docker', '-v'];
}

/** Succeeds when `tool` is on the PATH. */
export function hasCommand(tool: string): Command {
  return ['command', '-v', tool];
}

export function installDocker(downloader: Downloader, sudo: boolean): Command {
  const fetch: Command = downloader === 'curl' ? ['curl', '-fsSL', DOCKER_INSTALL_URL] : ['wget', '-qO-', DOCKER_INSTALL_URL];
  return pipe(fetch, sudo ? ['sudo', 'sh'] : ['sh']);
}
