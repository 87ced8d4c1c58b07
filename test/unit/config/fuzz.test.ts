/**
 * Config fuzzer: seeded structural mutations of the fixture configs, each loaded the way the
 * CLI loads it (file → ERB → YAML → validation → plugins → commands → `gantry config`). Every
 * outcome must be a valid config or a ConfigError whose every line is positioned: no stack
 * trace, no TypeError, no hang. GANTRY_FUZZ_SEED / GANTRY_FUZZ_RUNS reproduce or extend a run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { buildProgram } from '../../../cli/cli.js';
import { renderConfig } from '../../../core/config/render.js';
import { ConfigError } from '../../../core/errors.js';
import { Session } from '../../../cli/session.js';
import { validateConfig } from '../../../core/config/validate.js';
import { parseYamlSource } from '../../../core/config/yaml-source.js';
import { tempProject } from './temp-project.js';

const SEED = Number(process.env.GANTRY_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.GANTRY_FUZZ_RUNS ?? 1000);
/** A hang, not a slow machine (no wall-clock budget for the whole run: machines are shared, and one case took 34 s at a load of 35 on 2 cores); the hostile cases have their own sub-second tests. */
const CASE_LIMIT_MS = 60_000;
const POSITIONED = /^\S[^\n]*:\d+:\d+ /;

/** mulberry32: small, seeded, reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixtures = (() => {
  const kamal = readFileSync(fileURLToPath(new URL('../../fixtures/config/kamal-app/config/deploy.yml', import.meta.url)), 'utf8');
  const examplesDir = fileURLToPath(new URL('../../../schemas/examples', import.meta.url));
  // Every documented section in one config (plugins name files that do not exist here).
  const merged = Object.assign(
    {},
    ...readdirSync(examplesDir)
      .filter((file) => file !== 'plugins.yml')
      .map((file) => parse(readFileSync(join(examplesDir, file), 'utf8')) as Record<string, unknown>),
  );
  return [parse(kamal, { merge: true }) as unknown, merged as unknown];
})();

const ODD_STRINGS = ['', ' ', 'help', '--help', '-x', 'config', 'deploy', 'lock', '../../etc/profile.d/x', 'a/b', 'a b', '*', '💥', 'é', '\u0000', '\u202e', 'x'.repeat(5000), '<%= ENV["HOME"] %>', '<% x %>', '$(exit 3)', '&a', '*a', '%YAML', '"', "'", '~', 'null', '.nan', '1e400', '0x10'];
const ODD_VALUES: unknown[] = [null, true, false, 0, -1, 1e308, -0, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, 3.5, [], {}, [[[]]], { a: { b: { c: 1 } } }, ...ODD_STRINGS];

type Tree = Record<string, unknown> | unknown[];
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null;

/** Every container in the tree with one of its keys, so a mutation can pick a place. */
function places(root: unknown): [Tree, string | number][] {
  const out: [Tree, string | number][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, i) => (out.push([node, i]), walk(item)));
    else if (isTree(node)) for (const [key, value] of Object.entries(node)) out.push([node, key]), walk(value);
  };
  walk(root);
  return out;
}

function nest(value: unknown, depth: number, asList: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = asList ? [out] : { k: out };
  return out;
}

/** One structural mutation, as YAML text. */
function mutate(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const config = structuredClone(pick(fixtures));
  const rounds = 1 + Math.floor(next() * 3);
  let extraText = '';
  for (let round = 0; round < rounds; round++) {
    const spots = places(config);
    if (!spots.length) break;
    const [parent, key] = pick(spots);
    const record = parent as Record<string | number, unknown>;
    switch (Math.floor(next() * 9)) {
      case 0: // delete a key
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete record[key];
        break;
      case 1: // rename a key to an odd name
        if (!Array.isArray(parent)) {
          const value = record[key];
          delete record[key];
          record[pick(ODD_STRINGS)] = value;
        }
        break;
      case 2: // change a value's type
        record[key] = structuredClone(pick(ODD_VALUES));
        break;
      case 3: // nest it deeply
        record[key] = nest(record[key], Math.floor(next() * 120), next() < 0.5);
        break;
      case 4: // copy a subtree somewhere else
        record[key] = structuredClone(pick(spots)[0]);
        break;
      case 5: // a graph or an alias with an odd name
        (config as Record<string, unknown>)[next() < 0.5 ? 'aliases' : 'graphs'] = {
          [pick(ODD_STRINGS)]: next() < 0.5 ? pick(ODD_STRINGS) : { steps: [{ id: 'a', run: 'true' }] },
        };
        break;
      case 6: // an alias bomb under an x- key
        extraText += bomb(2 + Math.floor(next() * 8), 2 + Math.floor(next() * 8));
        break;
      case 7: // a huge or odd number
        record[key] = pick([1e300, -1e300, 123456789012345678901234567890, 0.1 + 0.2, Number.MIN_VALUE]);
        break;
      default: // an alias that loops through another
        (config as Record<string, unknown>).aliases = { a: 'b', b: next() < 0.5 ? 'a' : 'a --x' };
    }
  }
  const text = stringify(config, { aliasDuplicateObjects: next() < 0.1 }) + extraText;
  // Text-level damage now and then: cut it short, or a stray character.
  const r = next();
  if (r < 0.05) return text.slice(0, Math.floor(next() * text.length));
  if (r < 0.1) {
    const at = Math.floor(next() * text.length);
    return text.slice(0, at) + pick(['\t', ':', '-', '[', '{', '&x ', '*x ', '!!binary ', '<<: ', '? ']) + text.slice(at);
  }
  return text;
}

function bomb(levels: number, width: number): string {
  const lines = [`x-b0: &b0 [${Array(width).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`x-b${i}: &b${i} [${Array(width).fill(`*b${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/**
 * Loads it as the CLI would; returns 'valid' or the error. The config pipeline runs in memory;
 * only a config it accepts goes on through a file to plugins, commands and `gantry config`.
 */
async function load(text: string, file: string): Promise<'valid' | unknown> {
  try {
    await validateConfig(parseYamlSource(file, text, {}), { files: [file] });
    writeFileSync(file, text);
    const session = await Session.create(['-c', file]);
    buildProgram(session, session.graphs());
    const loaded = session.requireConfig();
    renderConfig(loaded, {});
    return 'valid';
  } catch (error) {
    return error;
  }
}

test(`config fuzzer: ${RUNS} seeded mutations, each a valid config or a positioned error`, async () => {
  const next = random(SEED);
  const root = tempProject({});
  const file = join(root, 'gantry.yml');
  const outcomes = { valid: 0, positioned: 0 };
  // Warm up: the first load imports every plugin module.
  for (const fixture of fixtures) {
    await load(stringify(fixture), file);
  }
  const start = performance.now();
  for (let run = 0; run < RUNS; run++) {
    const text = mutate(next);
    const caseStart = performance.now();
    const outcome = await load(text, file);
    const ms = performance.now() - caseStart;
    const where = `seed ${SEED}, run ${run}:\n${text.slice(0, 2000)}`;
    assert.ok(ms < CASE_LIMIT_MS, `took ${Math.round(ms)} ms (${where})`);
    if (outcome === 'valid') {
      outcomes.valid++;
      continue;
    }
    if (!(outcome instanceof ConfigError)) assert.unreachable(`not a ConfigError: ${(outcome as Error)?.stack ?? String(outcome)}\n(${where})`);
    const error = outcome as ConfigError;
    assert.ok(error.problems.length > 0, where);
    for (const line of error.message.split('\n')) {
      if (!POSITIONED.test(line)) assert.unreachable(`an unpositioned line: ${line}\n(${where})`);
      assert.not.match(line, /^\s+at /, where);
    }
    outcomes.positioned++;
  }
  const seconds = (performance.now() - start) / 1000;
  assert.is(outcomes.valid + outcomes.positioned, RUNS);
  assert.ok(outcomes.valid > RUNS / 20 && outcomes.positioned > RUNS / 20, `both outcomes are exercised: ${JSON.stringify(outcomes)}`);
  console.log(`  fuzz: ${JSON.stringify(outcomes)} in ${seconds.toFixed(1)} s`);
});

test.run();
