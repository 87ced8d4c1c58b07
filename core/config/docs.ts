/** `gantry docs [section]`: the documented example of each config section. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GantryError } from '../errors.js';
import { PACKAGE_ROOT } from './package-root.js';

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

export function docsFor(section?: string): string {
  if (section === undefined) return sectionList();
  if (!(DOC_SECTIONS as readonly string[]).includes(section)) {
    throw new GantryError(`unknown docs section "${section}"; sections: ${DOC_SECTIONS.join(', ')}`);
  }
  return readFileSync(exampleFile(section), 'utf8');
}

/** One line per section: its name and the first line of its example. */
function sectionList(): string {
  const width = Math.max(...DOC_SECTIONS.map((s) => s.length));
  const lines = DOC_SECTIONS.map((section) => {
    const summary = readFileSync(exampleFile(section), 'utf8').split('\n')[0].replace(/^#\s*/, '');
    return `  ${section.padEnd(width)}  ${summary}`;
  });
  return `Config sections (gantry docs <section> prints a documented example):\n${lines.join('\n')}\n`;
}
