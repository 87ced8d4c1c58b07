/** `env`: a flat hash, or `clear` / `secret` (and `tags` at the root). */
import { Type } from 'typebox';
import { Choose, Refused, ScalarMap, Strict } from './common.js';

const Clear = ScalarMap('Values written into the container environment as they are.');
const Secret = Type.Array(Type.String(), {
  description: 'Secret names read from the secrets files; `NAME:ALIAS` sets NAME from the secret ALIAS.',
});

const isStructured = (keys: string[]) => ({
  type: 'object',
  anyOf: keys.map((key) => ({ required: [key] })),
});

/** The env of a role, a tag or an accessory: no `tags` here. */
export const EnvSchema = Choose(
  isStructured(['clear', 'secret', 'tags']),
  Strict({
    clear: Type.Optional(Clear),
    secret: Type.Optional(Secret),
    tags: Type.Optional(Refused('env tags are only allowed in the root env')),
  }),
  ScalarMap('Environment variables (a flat hash, all clear).'),
  'Environment variables: a flat hash, or `clear` and `secret`.',
);

/** The root env: may also set env per host tag. */
export const RootEnvSchema = Choose(
  isStructured(['clear', 'secret', 'tags']),
  Strict({
    clear: Type.Optional(Clear),
    secret: Type.Optional(Secret),
    tags: Type.Optional(
      Type.Record(Type.String(), EnvSchema, {
        description: 'Env added on hosts carrying the tag (`- 1.2.3.4: tag`), after root and role env.',
      }),
    ),
  }),
  ScalarMap('Environment variables (a flat hash, all clear).'),
  'Environment variables for every container: a flat hash, or `clear`, `secret` and `tags`.',
);
