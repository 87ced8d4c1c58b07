/** `proxy`: routing through the host's proxy (root settings merge under each role's). */
import { Type } from 'typebox';
import { DockerOptions, ScalarMap, Seconds, Strict, StringList } from './common.js';

const Ssl = Type.Union(
  [
    Type.Boolean(),
    Strict({
      certificate_pem: Type.String({ description: 'Secret name holding the certificate chain (PEM).' }),
      private_key_pem: Type.String({ description: 'Secret name holding the private key (PEM).' }),
    }),
  ],
  { description: "true for automatic Let's Encrypt certificates, or custom certificate secret names." },
);

/** Settings a role (or an accessory) can set for its own route. */
const routeProperties = {
  host: Type.Optional(Type.String({ description: 'Host name routed to the app (comma-separated for several).' })),
  hosts: Type.Optional(StringList('Host names routed to the app.')),
  app_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Port the app listens on inside the container (default 80).' })),
  ssl: Type.Optional(Ssl),
  ssl_redirect: Type.Optional(Type.Boolean({ description: 'Redirect HTTP to HTTPS when ssl is on (default true).' })),
  forward_headers: Type.Optional(Type.Boolean({ description: 'Pass X-Forwarded-* headers from the client through.' })),
  response_timeout: Type.Optional(Seconds('Seconds to wait for the app to answer a request.')),
  path_prefix: Type.Optional(Type.String({ description: 'Route only requests under this path.' })),
  path_prefixes: Type.Optional(StringList('Route only requests under these paths.')),
  strip_path_prefix: Type.Optional(Type.Boolean({ description: 'Remove the path prefix before forwarding (default true).' })),
  healthcheck: Type.Optional(
    Strict(
      {
        interval: Type.Optional(Seconds('Seconds between checks.')),
        path: Type.Optional(Type.String({ description: 'Path that must answer 2xx (default /up).' })),
        timeout: Type.Optional(Seconds('Seconds before one check fails.')),
      },
      { description: 'How the proxy decides a new container is healthy.' },
    ),
  ),
  buffering: Type.Optional(
    Strict(
      {
        requests: Type.Optional(Type.Boolean({ description: 'Buffer request bodies.' })),
        responses: Type.Optional(Type.Boolean({ description: 'Buffer response bodies.' })),
        max_request_body: Type.Optional(Type.Integer({ minimum: 0, description: 'Largest request body in bytes (0 = no limit).' })),
        max_response_body: Type.Optional(Type.Integer({ minimum: 0, description: 'Largest response body in bytes (0 = no limit).' })),
        memory: Type.Optional(Type.Integer({ minimum: 0, description: 'Bytes buffered in memory before spilling to disk.' })),
      },
      { description: 'Request/response buffering.' },
    ),
  ),
  logging: Type.Optional(
    Strict(
      {
        request_headers: Type.Optional(StringList('Request headers written to the proxy log.')),
        response_headers: Type.Optional(StringList('Response headers written to the proxy log.')),
      },
      { description: 'Headers the proxy logs.' },
    ),
  ),
};

/** A role's or an accessory's proxy: true/false, or its route settings. */
export const RouteProxySchema = Type.Union([Type.Boolean(), Strict(routeProperties)], {
  description: 'Route this role through the proxy: true/false, or settings merged over the root proxy.',
});

const ProxyRunSchema = Strict(
  {
    http_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Published HTTP port (default 80).' })),
    https_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Published HTTPS port (default 443).' })),
    metrics_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Prometheus metrics port.' })),
    debug: Type.Optional(Type.Boolean({ description: 'Verbose proxy logging.' })),
    log_max_size: Type.Optional(Type.String({ description: 'Proxy container log size limit (default 10m).' })),
    publish: Type.Optional(Type.Boolean({ description: 'Publish the ports on the host (default true).' })),
    bind_ips: Type.Optional(StringList('Host addresses the ports are published on.')),
    registry: Type.Optional(Type.String({ description: 'Registry of the proxy image.' })),
    repository: Type.Optional(Type.String({ description: 'Repository of the proxy image.' })),
    version: Type.Optional(Type.String({ description: 'Proxy image version.' })),
    options: Type.Optional(DockerOptions('Extra `docker run` options for the proxy container.')),
    args: Type.Optional(ScalarMap('traefik driver only: extra Traefik static options, `--<key>=<value>` (true: a bare `--<key>`).')),
  },
  { description: 'How the proxy container itself runs (shared by every app on a host).' },
);

export const ProxySchema = Strict(
  {
    driver: Type.Optional(
      Type.Union([Type.Literal('kamal-proxy'), Type.Literal('caddy'), Type.Literal('traefik')], {
        description: 'Proxy implementation (default kamal-proxy).',
      }),
    ),
    ...routeProperties,
    // Only here: a default in a role's proxy would override the root's app_port when merged.
    app_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 80, description: 'Port the app listens on inside the container.' })),
    run: Type.Optional(ProxyRunSchema),
  },
  { description: 'Proxy settings for proxied roles (the primary role is proxied by default).' },
);
