/** Small schema builders shared by the config sections. */
import { Type, type Static, type TProperties, type TSchema } from 'typebox';

/** An object that rejects unknown keys (Kamal's rule, everywhere below the top level). */
export function Strict<P extends TProperties>(properties: P, options: { description?: string; default?: unknown } = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** A YAML scalar written where a string is meant (`PORT: 3000`, `debug: true`). */
export const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

/** Keys to scalar values: env, labels, build args. */
export const ScalarMap = (description: string) => Type.Record(Type.String(), Scalar, { description });

/** Docker-style options: `--key value`; a list repeats the flag, `true` is a bare flag. */
export const DockerOptions = (description: string) =>
  Type.Record(Type.String(), Type.Union([Scalar, Type.Array(Scalar)]), { description });

/** A secret reference: the value itself, or a one-item list naming a secret (`[KAMAL_REGISTRY_PASSWORD]`). */
export const SecretRef = (description: string) =>
  Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1, maxItems: 1 })], { description });

export const Seconds = (description: string, defaultValue?: number) =>
  Type.Integer({ minimum: 0, description, ...(defaultValue === undefined ? {} : { default: defaultValue }) });

export const StringList = (description: string) => Type.Array(Type.String(), { description });

/** A key that exists only to be refused with a precise message (reported by the validator). */
export const Refused = (errorMessage: string) => Type.Never({ errorMessage, description: `Not allowed: ${errorMessage}.` });

/**
 * JSON Schema `if/then/else`: `then` applies when the value matches `test`. Used where two object
 * shapes share a key (flat env vs clear/secret env), so errors come from one shape, not both.
 */
export function Choose<Then extends TSchema, Else extends TSchema>(
  test: Record<string, unknown>,
  then: Then,
  otherwise: Else,
  description: string,
) {
  return Type.Unsafe<Static<Then> | Static<Else>>({ description, if: test, then, else: otherwise });
}
