/** -y where Kamal asks: one y/N question on a terminal, a refusal naming -y without one. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { askYesNo } from '../../cli/confirm.js';
import { runCli } from '../support/cli.js';
import { tempProject } from './config/temp-project.js';

const CONFIG = 'service: app\nimage: acme/app\nservers:\n  web: [h1]\naccessories:\n  redis:\n    image: redis:7\n    host: h1\n';
const project = () => join(tempProject({ 'gantry.yml': CONFIG }), 'gantry.yml');

async function answer(text: string | null): Promise<{ yes: boolean; asked: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const asked: string[] = [];
  output.on('data', (chunk) => asked.push(String(chunk)));
  const pending = askYesNo('remove deletes the app', { input, output });
  if (text === null) input.end();
  else input.write(text);
  return { yes: await pending, asked: asked.join('') };
}

test('askYesNo: y or yes is yes; anything else, an empty line or end of input is no; the question is asked once', async () => {
  assert.equal(await answer('y\n'), { yes: true, asked: 'remove deletes the app\nAre you sure? [y/N] ' });
  assert.is((await answer('YES\n')).yes, true);
  assert.is((await answer('n\n')).yes, false);
  assert.is((await answer('\n')).yes, false);
  assert.is((await answer('yep\n')).yes, false);
  assert.is((await answer(null)).yes, false);
});

/** Runs the CLI with stdin (and stderr) standing in for a terminal that types `typed`. */
async function onTerminal(argv: string[], typed: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const real = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const stderrTty = process.stderr.isTTY;
  Object.defineProperty(process, 'stdin', { configurable: true, get: () => stdin });
  process.stderr.isTTY = true;
  stdin.write(typed);
  try {
    return await runCli(argv);
  } finally {
    Object.defineProperty(process, 'stdin', real);
    process.stderr.isTTY = stderrTty;
  }
}

test('without a terminal: remove, proxy reboot and accessory remove are refused before anything runs, naming -y', async () => {
  const file = project();
  const stdinTty = process.stdin.isTTY;
  process.stdin.isTTY = false;
  try {
    for (const [argv, says] of [
      [['remove'], 'remove deletes the app from every host'],
      [['proxy', 'reboot'], 'proxy reboot replaces the proxy container'],
      [['accessory', 'remove', 'redis'], 'accessory remove deletes:\n  redis on h1: container app-redis'],
    ] as const) {
      const run = await runCli([...argv, '-c', file]);
      assert.is(run.code, 1, argv.join(' '));
      assert.match(run.stderr, says);
      assert.match(run.stderr, /pass -y to confirm\n$/);
      assert.is(run.stdout, '');
    }
  } finally {
    process.stdin.isTTY = stdinTty;
  }
});

test('on a terminal: the question is asked once; no aborts before anything runs', async () => {
  const file = project();
  for (const argv of [['remove'], ['proxy', 'reboot'], ['accessory', 'remove', 'redis']]) {
    const run = await onTerminal([...argv, '-c', file], 'n\n');
    assert.is(run.code, 1, argv.join(' '));
    assert.is(run.stderr.split('Are you sure? [y/N] ').length, 2, run.stderr);
    assert.match(run.stderr, /Aborted: nothing was changed\n$/);
    assert.not.match(run.stderr, 'pass -y');
  }
});

test('-y and --dry-run never ask', async () => {
  const file = project();
  const dry = await onTerminal(['remove', '-c', file, '--dry-run'], '');
  assert.is(dry.code, 0, dry.stderr);
  assert.not.match(dry.stderr, 'Are you sure');
  const yes = await onTerminal(['proxy', 'reboot', '-y', '-c', file, '--dry-run'], '');
  assert.is(yes.code, 0, yes.stderr);
  assert.not.match(yes.stderr, 'Are you sure');
});

test.run();
