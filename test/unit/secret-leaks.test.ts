/**
 * Error paths with secrets loaded: whatever goes wrong, no form of a secret value (raw,
 * shell-quoted, JSON-escaped, base64) reaches stdout or stderr.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runCli, type CliRun } from '../support/cli.js';
import { tempProject } from './config/temp-project.js';

const SECRETS = { DB_PASSWORD: `pa'ss w0rd $x!`, API_TOKEN: 'tok3n-Zq81-secret', BROKEN: 'broken-line-Zx0-value' };

/** The forms the issue names, built here independently of the redactor. */
function forms(value: string): string[] {
  return [value, value.replaceAll("'", `'\\''`), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')];
}

function assertNoSecret(what: string, run: CliRun): void {
  for (const value of Object.values(SECRETS)) {
    for (const form of forms(value)) {
      assert.not.ok(run.stdout.includes(form), `${what}: stdout shows ${form}\n${run.stdout}`);
      assert.not.ok(run.stderr.includes(form), `${what}: stderr shows ${form}\n${run.stderr}`);
    }
  }
}

const CONFIG = `service: app\nimage: acme/app\nservers: [h1]\nenv:\n  clear:\n    URL: "postgres://app:<%= ENV['DB_PASSWORD'] %>@db"\n  secret: [DB_PASSWORD, API_TOKEN]\n`;
const SECRETS_FILE = `DB_PASSWORD="${SECRETS.DB_PASSWORD.replace('$', '\\$')}"\nAPI_TOKEN=${SECRETS.API_TOKEN}\n`;
const env = { DB_PASSWORD: SECRETS.DB_PASSWORD };

function project(files: Record<string, string>): string {
  return join(tempProject({ '.gantry/secrets': SECRETS_FILE, ...files }), 'gantry.yml');
}

async function run(what: string, argv: string[]): Promise<CliRun> {
  const saved = process.env.DB_PASSWORD;
  process.env.DB_PASSWORD = env.DB_PASSWORD;
  try {
    const result = await runCli(argv);
    assertNoSecret(what, result);
    return result;
  } finally {
    if (saved === undefined) delete process.env.DB_PASSWORD;
    else process.env.DB_PASSWORD = saved;
  }
}

test('the secrets file parses as the values above', async () => {
  const ok = await run('dry run', ['deploy', '-c', project({ 'gantry.yml': CONFIG }), '--dry-run', '--version', 'v1']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, 'upload .kamal/apps/app/env/roles/web.env');
  assert.match(ok.stdout, "--env 'URL=postgres://app:[REDACTED]@db'");
});

test('no secret on any error path', async () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ['a syntax error in the secrets file', { 'gantry.yml': CONFIG, '.gantry/secrets': `${SECRETS_FILE}${SECRETS.BROKEN}\n` }, ['deploy', '--dry-run', '--version', 'v1']],
    ['a failing $(…) that prints secrets', { 'gantry.yml': CONFIG, '.gantry/secrets': `${SECRETS_FILE}OTHER=$(echo "$API_TOKEN"; echo "$API_TOKEN" >&2; exit 3)\n` }, ['deploy', '--dry-run', '--version', 'v1']],
    ['an unknown secret', { 'gantry.yml': CONFIG.replace('[DB_PASSWORD, API_TOKEN]', '[DB_PASSWORD, API_TOKEN, MISSING]') }, ['deploy', '--dry-run', '--version', 'v1']],
    ['a config error next to an ERB secret', { 'gantry.yml': `${CONFIG}proxy:\n  host: "<%= ENV['DB_PASSWORD'] %>"\n  bogus: 1\n` }, ['deploy', '--dry-run', '--version', 'v1']],
    ['gantry config with an ERB secret', { 'gantry.yml': CONFIG }, ['config']],
    ['gantry config --json with an ERB secret', { 'gantry.yml': CONFIG }, ['config', '--json']],
    ['a bad --hosts filter', { 'gantry.yml': CONFIG }, ['deploy', '--dry-run', '--version', 'v1', '--hosts', 'nope']],
    ['a dry run as JSON', { 'gantry.yml': CONFIG }, ['deploy', '--dry-run', '--json', '--version', 'v1']],
    ['app exec with a bad option', { 'gantry.yml': CONFIG }, ['app', 'exec', 'env', '--dry-run', '--bogus']],
  ];
  // A failing $(…) warns and carries on, as Kamal does; the warning names file:line and key only.
  const succeeding = ['a failing $(…) that prints secrets', 'gantry config with an ERB secret', 'gantry config --json with an ERB secret', 'a dry run as JSON'];
  for (const [what, files, argv] of cases) {
    const file = project(files);
    const result = await run(what, [...argv, '-c', file]);
    assert.is(result.code === 0, succeeding.includes(what), `${what}: exit ${result.code}\n${result.stderr}`);
  }
});

test.run();
