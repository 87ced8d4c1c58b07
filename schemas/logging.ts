/** `logging`: the Docker log driver for app containers (a role's settings merge over the root's). */
import { Type } from 'typebox';
import { DockerOptions, Strict } from './common.js';

export const LoggingSchema = Strict(
  {
    driver: Type.Optional(Type.String({ description: 'Docker log driver, e.g. `json-file`, `journald`.' })),
    options: Type.Optional(DockerOptions('Log driver options (`--log-opt key=value`); default `max-size: 10m`.')),
  },
  { description: 'Docker logging for app containers.' },
);
