import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LocalTransport } from '../../../core/transport/local.js';
import { raw } from '../../../core/transport/quote.js';
import { splitStepOutput, stepScript } from '../../../core/transport/step-script.js';

const local = new LocalTransport();

test('steps run in one shell script; each gets its own output and exit code', async () => {
  const results = await local.execSteps([
    ['echo', 'one'],
    ['sh', '-c', 'printf "no newline"; echo oops >&2'],
    ['true'],
  ]);
  assert.equal(results, [
    { code: 0, stdout: 'one\n', stderr: '' },
    { code: 0, stdout: 'no newline', stderr: 'oops\n' },
    { code: 0, stdout: '', stderr: '' },
  ]);
});

test('the script stops after the first step that fails; later steps do not run', async () => {
  const results = await local.execSteps([['echo', 'a'], ['sh', '-c', 'echo broken >&2; exit 3'], ['echo', 'never']]);
  assert.is(results.length, 2);
  assert.equal(results[1], { code: 3, stdout: '', stderr: 'broken\n' });
});

test('a step that changes directory or exits stays its own (subshell); raw shell syntax keeps working', async () => {
  const results = await local.execSteps([['cd', '/'], ['sh', '-c', 'exit 0'], ['echo', 'x', raw('|'), 'tr', 'x', 'y']]);
  assert.equal(results.map((r) => [r.code, r.stdout]), [[0, ''], [0, ''], [0, 'y\n']]);
});

test('a step with no marker (the shell was killed) gets the rest of the output and no exit code', () => {
  const marker = 'm';
  const whole = { code: 137, stdout: 'a\n\nm 0 0\npartial', stderr: '\nm 0 0\n' };
  assert.equal(splitStepOutput(whole, marker, 3), [
    { code: 0, stdout: 'a\n', stderr: '' },
    { code: 137, stdout: 'partial', stderr: '' },
  ]);
});

test('the script shape: each step in a subshell, then its marker on both streams', () => {
  const script = stepScript([['docker', 'tag', 'a', 'b']], 'M');
  assert.equal(script[0], raw('('));
  assert.equal(script.slice(1, 5), ['docker', 'tag', 'a', 'b']);
  assert.match((script[5] as { raw: string }).raw, "printf '\\n%s %d %d\\n' M 0 $__gantry_rc >&2");
});

test.run();
