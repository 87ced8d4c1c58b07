/** Deep merge for config layers: hashes merge key by key; arrays and scalars replace. */
export type Mergeable = Record<string, unknown>;

function isHash(value: unknown): value is Mergeable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` wins; neither input is changed. */
export function deepMerge<T extends Mergeable>(base: T, over: Mergeable): T {
  const out: Mergeable = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isHash(value) && isHash(out[key]) ? deepMerge(out[key] as Mergeable, value) : value;
  }
  return out as T;
}

/** Places defaults under a config: the config's own values always win. */
export function deepMergeUnder<T extends Mergeable>(config: T, defaults: Mergeable[]): T {
  const merged = defaults.reduce<Mergeable>((acc, layer) => deepMerge(acc, layer), {});
  return deepMerge(merged, config) as T;
}
