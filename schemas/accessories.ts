/** `accessories`: long-lived services beside the app (databases, caches). */
import { Type } from 'typebox';
import { DockerOptions, ScalarMap, Strict, StringList } from './common.js';
import { EnvSchema } from './env.js';
import { RouteProxySchema } from './proxy.js';
import { RegistrySchema } from './registry.js';

/** `local:remote[:options]`, or the same spelled out. */
const MountSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Strict({
    local: Type.String({ description: 'Path here (files) or the directory name (directories).' }),
    remote: Type.String({ description: 'Path inside the container.' }),
    mode: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'File mode, e.g. "0644".' })),
    owner: Type.Optional(Type.String({ description: 'Owner on the host, e.g. "999:999".' })),
    options: Type.Optional(Type.String({ description: 'Mount options, e.g. "ro" or "z".' })),
  }),
]);

export const AccessorySchema = Strict({
  service: Type.Optional(Type.String({ description: 'Container name (default `<service>-<accessory>`).' })),
  image: Type.String({ description: 'Image to run, e.g. mysql:8.0.' }),
  registry: Type.Optional(RegistrySchema),
  host: Type.Optional(Type.String({ description: 'The one host it runs on.' })),
  hosts: Type.Optional(StringList('Hosts it runs on.')),
  role: Type.Optional(Type.String({ description: 'Runs on the hosts of this role.' })),
  roles: Type.Optional(StringList('Runs on the hosts of these roles.')),
  tag: Type.Optional(Type.String({ description: 'Runs on the hosts carrying this tag.' })),
  tags: Type.Optional(StringList('Runs on the hosts carrying these tags.')),
  cmd: Type.Optional(Type.String({ description: 'Command instead of the image default.' })),
  port: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'Published port: `3306`, or `127.0.0.1:3306:3306`.' })),
  labels: Type.Optional(ScalarMap('Container labels.')),
  options: Type.Optional(DockerOptions('Extra `docker run` options.')),
  env: Type.Optional(EnvSchema),
  files: Type.Optional(Type.Array(MountSchema, { description: 'Files uploaded and mounted (`.erb` files are rendered).' })),
  directories: Type.Optional(Type.Array(MountSchema, { description: 'Host directories created and mounted.' })),
  volumes: Type.Optional(StringList('Docker volumes (`name:/path`).')),
  network: Type.Optional(Type.String({ description: 'Docker network (default kamal).' })),
  proxy: Type.Optional(RouteProxySchema),
});

export const AccessoriesSchema = Type.Record(Type.String(), AccessorySchema, {
  description: 'Accessories by name; each runs on exactly one of host/hosts/role/roles/tag/tags.',
});
