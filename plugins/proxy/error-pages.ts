/** The app's `error_pages_path`: its `*.html` pages (`404.html`, `5xx.html`...), read locally for upload. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GantryError } from '../../core/errors.js';
import type { RunContext } from '../../core/graph/model.js';

export interface ErrorPage {
  name: string;
  content: Buffer;
}

/** The pages, or undefined when error_pages_path is not set. */
export async function readErrorPages(ctx: RunContext): Promise<ErrorPage[] | undefined> {
  const setting = ctx.config.config.error_pages_path;
  if (setting === undefined) return undefined;
  const dir = path.resolve(ctx.config.root, setting);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.html')).sort();
  } catch (error) {
    throw new GantryError(`error_pages_path: cannot read ${dir}: ${(error as Error).message}`);
  }
  return Promise.all(names.map(async (name) => ({ name, content: await readFile(path.join(dir, name)) })));
}
