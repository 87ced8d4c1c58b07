/** The whole config file, composed from one schema per section. */
import { Type, type Static, type TSchema } from 'typebox';
import { AccessoriesSchema } from './accessories.js';
import { AliasesSchema } from './aliases.js';
import { BootSchema } from './boot.js';
import { BuilderSchema } from './builder.js';
import { ScalarMap, Seconds, StringList } from './common.js';
import { RootEnvSchema } from './env.js';
import { GraphsSchema } from './graphs.js';
import { LoggingSchema } from './logging.js';
import { OutputSchema } from './output.js';
import { PluginsSchema, PresetSchema } from './plugins.js';
import { ProxySchema } from './proxy.js';
import { RegistrySchema } from './registry.js';
import { ServersSchema } from './servers.js';
import { SshSchema } from './ssh.js';
import { SshkitSchema } from './sshkit.js';

const HookOutput = Type.Union([Type.Literal('quiet'), Type.Literal('verbose')]);

const CONFIG_PROPERTIES = {
    service: Type.String({ minLength: 1, description: 'App name: container-name prefix and `service` label (a-z, 0-9, _ and -).' }),
    image: Type.Optional(Type.String({ minLength: 1, description: 'Image repository, without the registry server (e.g. `acme/app`).' })),
    labels: Type.Optional(ScalarMap('Labels on every app container (`service`, `role`, `destination` are reserved).')),
    volumes: Type.Optional(StringList('Volumes mounted in every app container (`host:container`).')),
    registry: Type.Optional(RegistrySchema),
    servers: ServersSchema,
    env: Type.Optional(RootEnvSchema),
    asset_path: Type.Optional(Type.String({ description: 'Asset directory shared between old and new containers during a deploy.' })),
    hooks_path: Type.Optional(Type.String({ description: 'Hook scripts directory (default `.kamal/hooks` in a Kamal project, else `.gantry/hooks`).' })),
    hooks_output: Type.Optional(
      Type.Union([HookOutput, Type.Record(Type.String(), HookOutput)], {
        description: 'Hook output: quiet or verbose, for all hooks or per hook name.',
      }),
    ),
    secrets_path: Type.Optional(Type.String({ description: 'Secrets file (default `.kamal/secrets` in a Kamal project, else `.gantry/secrets`).' })),
    error_pages_path: Type.Optional(Type.String({ description: 'Directory of `4xx.html`/`5xx.html` pages the proxy serves.' })),
    require_destination: Type.Optional(Type.Boolean({ default: false, description: 'Refuse to run without `-d DESTINATION`.' })),
    primary_role: Type.Optional(Type.String({ default: 'web', description: 'Role booted first; its first host is the primary host.' })),
    allow_empty_roles: Type.Optional(Type.Boolean({ default: false, description: 'Allow roles without hosts.' })),
    retain_containers: Type.Optional(Type.Integer({ minimum: 1, default: 5, description: 'Stopped containers kept for rollback.' })),
    minimum_version: Type.Optional(
      Type.String({
        pattern: '^[0-9]+(\\.[0-9]+){0,2}$',
        errorMessage: 'expected a version like 1.2.3',
        description: 'Oldest Kamal version that may deploy this config (Gantry follows Kamal 2: any 2.x is accepted, 3 or later is refused).',
      }),
    ),
    readiness_delay: Type.Optional(Seconds('Seconds a non-proxied container without a healthcheck must stay up.', 7)),
    deploy_timeout: Type.Optional(Seconds('Seconds a new container has to become healthy.', 30)),
    drain_timeout: Type.Optional(Seconds('Seconds old containers get to finish requests.', 30)),
    stop_timeout: Type.Optional(Seconds('Seconds `docker stop` waits before killing a container.')),
    run_directory: Type.Optional(Type.String({ description: 'Directory for state files on hosts (default `.kamal`).' })),
    ssh: Type.Optional(SshSchema),
    sshkit: Type.Optional(SshkitSchema),
    builder: Type.Optional(BuilderSchema),
    proxy: Type.Optional(ProxySchema),
    accessories: Type.Optional(AccessoriesSchema),
    boot: Type.Optional(BootSchema),
    logging: Type.Optional(LoggingSchema),
    aliases: Type.Optional(AliasesSchema),
    output: Type.Optional(OutputSchema),
    plugins: Type.Optional(PluginsSchema),
    preset: Type.Optional(PresetSchema),
    graphs: Type.Optional(GraphsSchema),
};

const CONFIG_OPTIONS = {
  additionalProperties: false,
  // `x-` keys hold YAML anchors and notes; they are not config.
  patternProperties: { '^x-': {} },
  description: 'Gantry deploy configuration (a Kamal 2 config works unchanged).',
};

export const ConfigSchema = Type.Object(CONFIG_PROPERTIES, CONFIG_OPTIONS);

/** The built-in top-level keys (a plugin's section may not reuse one). */
export const BUILT_IN_SECTIONS: readonly string[] = Object.keys(CONFIG_PROPERTIES);

/** The config schema plus the sections plugins declare (each optional, validated like the built-in ones). */
export function configSchemaWith(sections: Record<string, TSchema>): TSchema {
  if (!Object.keys(sections).length) return ConfigSchema;
  const extra = Object.fromEntries(Object.entries(sections).map(([name, schema]) => [name, Type.Optional(schema)]));
  return Type.Object({ ...CONFIG_PROPERTIES, ...extra }, CONFIG_OPTIONS);
}

export type GantryConfig = Static<typeof ConfigSchema>;
