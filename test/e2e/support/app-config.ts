/** Deploy configs for the test bed: the fixture app on its hosts, reached with its SSH key. */
import type { Testbed } from './testbed.js';

export interface AppConfigOptions {
  service?: string;
  /** Hosts (by index into tb.hosts) of the web role; default the first two. */
  web?: number[];
  /** Hosts of the workers role; default the third; [] for none. */
  workers?: number[];
  /** Root proxy section; default none (web not proxied). */
  proxy?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export function appConfig(tb: Testbed, opts: AppConfigOptions = {}): Record<string, unknown> {
  const ip = (i: number) => tb.hosts[i % tb.hosts.length]!.ip;
  const web = (opts.web ?? [0, 1]).map(ip);
  const workers = (opts.workers ?? [2]).map(ip);
  return {
    service: opts.service ?? 'e2eapp',
    image: `e2e/${opts.service ?? 'e2eapp'}`,
    registry: { server: tb.registry },
    servers: {
      web: opts.proxy ? { hosts: web } : { hosts: web, proxy: false },
      ...(workers.length ? { workers: { hosts: workers, cmd: 'run-app' } } : {}),
    },
    // The fixture's base image from this bed's registry (beds other than the default one too).
    builder: { arch: 'amd64', args: { BASE: tb.images.busybox } },
    ssh: { user: tb.ssh.user, keys: [tb.ssh.privateKey], keys_only: true, known_hosts: tb.ssh.knownHosts },
    readiness_delay: 1,
    deploy_timeout: 20,
    drain_timeout: 2,
    retain_containers: 3,
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    ...opts.extra,
  };
}

/** The environment gantry runs with on the test bed: the builder node's dockerd. */
export function gantryEnv(tb: Testbed): Record<string, string> {
  return { DOCKER_HOST: tb.dev.dockerHost, CI: '1' };
}
