/** The running test bed, as described by the testbed.json that test/e2e/testbed/up writes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestbedNode {
  name: string;
  ip: string;
  /** unix:// socket of the node's dockerd, usable from the root namespace (no SSH). */
  dockerHost: string;
}

export interface Testbed {
  dir: string;
  /** e.g. 10.79.0.0/24 */
  network: string;
  /** host:port, plain HTTP, no auth; in every daemon's insecure-registries. */
  registry: string;
  /** The builder: where images are built and pushed from. */
  dev: TestbedNode;
  /** Deploy targets h1..hN. */
  hosts: TestbedNode[];
  ssh: { user: string; port: number; privateKey: string; knownHosts: string; config: string };
  images: {
    busybox: string;
    caddy: string;
    /** Debian's redis-server and redis-cli (an accessory); data in /data. */
    redis: string;
    app: { v1: string; v2: string; broken: string; unhealthy: string };
  };
  /** The `service` label baked into the app images (deploy them as this service). */
  appServiceLabel: string;
}

export function testbedDir(): string {
  return process.env.GANTRY_TESTBED_DIR ?? '/var/tmp/gantry-testbed';
}

export function loadTestbed(dir = testbedDir()): Testbed {
  const file = join(dir, 'testbed.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Testbed;
  } catch (err) {
    throw new Error(`no test bed at ${dir} (${(err as Error).message}): run test/e2e/testbed/up`);
  }
}

/** A node by name (h1, dev) or ip. */
export function node(tb: Testbed, nameOrIp: string): TestbedNode {
  const found = [tb.dev, ...tb.hosts].find((n) => n.name === nameOrIp || n.ip === nameOrIp);
  if (!found) throw new Error(`no test bed node ${nameOrIp}`);
  return found;
}
