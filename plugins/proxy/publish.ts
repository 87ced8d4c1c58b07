/** What both proxy drivers' containers share: how they run and publish HTTP and HTTPS on the host. */
import type { Word } from '../../core/transport/types.js';
import { NETWORK } from '../docker/api.js';

export interface PublishOptions {
  /** Default true; false publishes nothing (a load balancer reaches the proxy another way). */
  publish?: boolean;
  /** Host ports; the container always listens on 80 and 443. */
  httpPort?: number;
  httpsPort?: number;
  /** Publish only on these host addresses (IPv6 written plain or in brackets). */
  bindIps?: readonly string[];
}

export function publishArgs(opts: PublishOptions): string[] {
  if (opts.publish === false) return [];
  const binds = opts.bindIps?.length ? opts.bindIps.map(bracketIpv6) : [undefined];
  return binds.flatMap((ip) => [
    '--publish',
    [ip, opts.httpPort ?? 80, 80].filter((part) => part !== undefined).join(':'),
    '--publish',
    [ip, opts.httpsPort ?? 443, 443].filter((part) => part !== undefined).join(':'),
  ]);
}

/**
 * `docker run` of a shared proxy container up to its own options: named, on the app network,
 * always restarted, its volumes, published ports and a log size limit (default `10m`; empty
 * sets none). `--init` puts Docker's init at PID 1: it reaps the orphans that `docker exec`
 * probes leave behind (a proxy binary at PID 1 never does, and zombies would fill the PID table).
 */
export function proxyContainerRun(name: string, volumes: readonly Word[], opts: PublishOptions & { logMaxSize?: string }): Word[] {
  const logMaxSize = opts.logMaxSize ?? '10m';
  return [
    'docker',
    'run',
    '--name',
    name,
    '--network',
    NETWORK,
    '--detach',
    '--restart',
    'unless-stopped',
    '--init',
    ...volumes,
    ...publishArgs(opts),
    ...(logMaxSize ? ['--log-opt', `max-size=${logMaxSize}`] : []),
  ];
}

function bracketIpv6(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}
