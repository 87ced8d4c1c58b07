/**
 * A container's environment, merged from the root env, then the role's, then each tag of the
 * host (later layers win). Clear values go on the command line as `--env`; secret names are only
 * resolved into the role's env file.
 */

export interface EnvLayer {
  clear?: Readonly<Record<string, string | number | boolean>>;
  /** Secret names; `NAME:ALIAS` sets NAME from the secret ALIAS. */
  secret?: readonly string[];
}

export interface MergedEnv {
  clear: Record<string, string>;
  secret: string[];
}

export function mergeEnv(...layers: readonly EnvLayer[]): MergedEnv {
  const clear: Record<string, string> = {};
  const secret: string[] = [];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.clear ?? {})) clear[key] = String(value);
    for (const name of layer.secret ?? []) if (!secret.includes(name)) secret.push(name);
  }
  return { clear, secret };
}

/** Secret names resolved to values, for the env file; `lookup` throws for a missing secret. */
export function secretValues(secretNames: readonly string[], lookup: (name: string) => string): Record<string, string> {
  return Object.fromEntries(
    secretNames.map((entry) => {
      const [name, alias] = entry.split(':', 2) as [string, string | undefined];
      return [name, lookup(alias || name)];
    }),
  );
}
