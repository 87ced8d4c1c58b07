/** `gantry docs [section]`: the documented example of each config section. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GantryError } from '../errors.js';
import { PACKAGE_ROOT } from './package-root.js';
import type { PluginConfigSection } from '../plugin.js';

/** Sections in reading order; each has `schemas/examples/<section>.yml`. */
export const DOC_SECTIONS = [
  'configuration',
  'servers',
  'env',
  'registry',
  'builder',
  'proxy',
  'accessories',
  'ssh',
  'sshkit',
  'boot',
  'logging',
  'aliases',
  'output',
  'plugins',
  'graphs',
] as const;

export function exampleFile(section: string): string {
  return join(PACKAGE_ROOT, 'schemas', 'examples', `${section}.yml`);
}

/** The built-in sections, then those of the active plugins (their example, or one line per key from the schema). */
export function docsFor(section?: string, pluginSections: readonly PluginConfigSection[] = []): string {
  const texts = new Map<string, () => string>(DOC_SECTIONS.map((name) => [name, () => readFileSync(exampleFile(name), 'utf8')]));
  for (const plugin of pluginSections) texts.set(plugin.name, () => pluginSectionDoc(plugin));
  if (section === undefined) return sectionList(texts);
  const text = texts.get(section);
  if (!text) throw new GantryError(`unknown docs section "${section}"; sections: ${[...texts.keys()].join(', ')}`);
  return text();
}

function pluginSectionDoc(section: PluginConfigSection): string {
  if (section.example) return section.example.endsWith('\n') ? section.example : `${section.example}\n`;
  const schema = section.schema as { description?: string; properties?: Record<string, { description?: string }> };
  const keys = Object.entries(schema.properties ?? {}).map(([key, value]) => `#   ${key}: ${value.description ?? ''}`.trimEnd());
  return [`# ${schema.description ?? `the ${section.name} section`}`, ...keys, ''].join('\n');
}

/** One line per section: its name and the first line of its example. */
function sectionList(texts: Map<string, () => string>): string {
  const width = Math.max(...[...texts.keys()].map((s) => s.length));
  const lines = [...texts].map(([section, text]) => {
    const summary = text().split('\n')[0]!.replace(/^#\s*/, '');
    return `  ${section.padEnd(width)}  ${summary}`;
  });
  return `Config sections (gantry docs <section> prints a documented example):\n${lines.join('\n')}\n`;
}
