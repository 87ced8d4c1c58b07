import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ignoreClosedReader } from '../../cli/closed-output.js';
import { tempProject } from './config/temp-project.js';

const failure = (code: string) => Object.assign(new Error(`write ${code}`), { code });

test('a closed reader (EPIPE, then writes to the destroyed stream) is ignored; any other error is not', () => {
  const stream = new EventEmitter();
  ignoreClosedReader(stream);
  stream.emit('error', failure('EPIPE'));
  stream.emit('error', failure('ERR_STREAM_DESTROYED'));
  assert.throws(() => stream.emit('error', failure('EIO')), /write EIO/);
});

test('`gantry deploy --dry-run | head -1`: no stack trace, exit code 0', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // Enough hosts that the printout outgrows the pipe's buffer after the reader left.
  const hosts = Array.from({ length: 400 }, (_, i) => `h${i}`);
  const config = join(tempProject({ 'gantry.yml': `service: app\nimage: acme/app\nservers:\n  web: [${hosts.join(', ')}]\n` }), 'gantry.yml');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin/gantry.ts'), 'deploy', '-c', config, '--dry-run', '--version', 'v1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(stderr, '');
  assert.is(code, 0);
});

test.run();
