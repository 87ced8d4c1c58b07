/** The adapters known to one engine, by name and alias. */
import { GantryError } from '../../core/errors.js';
import type { SecretsAdapter } from './adapter.js';

export class AdapterTable {
  private readonly byName = new Map<string, SecretsAdapter>();

  /** Adds an adapter; a later one with the same name replaces the earlier (a team may override a built-in). */
  add(adapter: SecretsAdapter): this {
    for (const name of [adapter.name, ...(adapter.aliases ?? [])]) this.byName.set(name.toLowerCase(), adapter);
    return this;
  }

  get(name: string): SecretsAdapter {
    const adapter = this.byName.get(name.toLowerCase());
    if (!adapter) throw new GantryError(`unknown secrets adapter "${name}" (adapters: ${this.names().join(', ')})`);
    return adapter;
  }

  /** Primary names, sorted. */
  names(): string[] {
    return [...new Set([...this.byName.values()].map((a) => a.name))].sort();
  }

  list(): SecretsAdapter[] {
    return this.names().map((name) => this.byName.get(name)!);
  }
}
