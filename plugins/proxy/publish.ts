/** How a proxy container publishes HTTP and HTTPS on the host (shared by the proxy drivers). */

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

function bracketIpv6(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}
