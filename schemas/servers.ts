/** `servers`: the hosts, as a list (the `web` role) or a hash of roles. */
import { Type } from 'typebox';
import { DockerOptions, ScalarMap, Seconds, Strict } from './common.js';
import { EnvSchema } from './env.js';
import { LoggingSchema } from './logging.js';
import { RouteProxySchema } from './proxy.js';

/** `- 1.2.3.4`, `- 1.2.3.4: tag` or `- 1.2.3.4: [tag1, tag2]`. */
export const HostSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
    minProperties: 1,
    maxProperties: 1,
    errorMessage: 'expected a host, or one `host: tag` pair',
  }),
]);

export const HostsSchema = Type.Array(HostSchema, { description: 'Hosts: `- host`, `- host: tag` or `- host: [tag1, tag2]`.' });

export const RoleSchema = Type.Union(
  [
    HostsSchema,
    Strict({
      hosts: Type.Optional(HostsSchema),
      cmd: Type.Optional(Type.String({ description: 'Command the container runs instead of the image default.' })),
      options: Type.Optional(DockerOptions('Extra `docker run` options (`--key value`).')),
      logging: Type.Optional(LoggingSchema),
      proxy: Type.Optional(RouteProxySchema),
      labels: Type.Optional(ScalarMap('Container labels for this role.')),
      env: Type.Optional(EnvSchema),
      asset_path: Type.Optional(Type.String({ description: 'Asset directory shared between old and new containers.' })),
      stop_timeout: Type.Optional(Seconds('Seconds `docker stop` waits before killing the old container.')),
    }),
  ],
  { description: 'A role: a list of hosts, or a hash with hosts and settings.' },
);

export const ServersSchema = Type.Union([HostsSchema, Type.Record(Type.String(), RoleSchema)], {
  description: 'Hosts: a list (the `web` role), or a hash of role name to role.',
});
