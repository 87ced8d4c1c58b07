/**
 * A Kamal project's vault secrets with no Kamal installed: `.kamal/secrets` calls
 * `kamal secrets fetch --adapter pass` and `kamal secrets extract`, which Gantry answers itself
 * from a real password store (gpg key made here). The values reach the container's environment
 * and appear nowhere in Gantry's output. The registry password is ERB `%x(…)`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { appConfig, gantryEnv } from '../support/app-config.js';
import { describeRun } from '../support/exec.js';
import { gantry } from '../support/gantry.js';
import { writeProject, type Project } from '../support/project.js';
import { sshOut } from '../support/ssh.js';
import { loadTestbed } from '../support/testbed.js';

const tb = loadTestbed();
const h1 = tb.hosts[0]!;
const SERVICE = 'e2esecrets';
const VALUES = { db: 'pass-db-Xq81 with space', api: 'api-k3y-Zr55' };
const home = mkdtempSync(join(tmpdir(), 'gantry-e2e-pass-'));
const vault = { GNUPGHOME: join(home, 'gnupg'), PASSWORD_STORE_DIR: join(home, 'store') };
const env = { ...gantryEnv(tb), ...vault };
let project: Project;

const SECRETS_FILE = `SECRETS=$(kamal secrets fetch --adapter pass --from e2e db api)
DB_PASSWORD=$(kamal secrets extract db $SECRETS)
API_KEY=$(kamal secrets extract e2e/api "$SECRETS")
`;

test.before(async () => {
  const gpgEnv = { ...process.env, HOME: home, ...vault };
  execFileSync('mkdir', ['-m', '700', vault.GNUPGHOME]);
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Gantry E2E <e2e@gantry.invalid>', 'default', 'default', 'never'], { env: gpgEnv, stdio: 'ignore' });
  execFileSync('pass', ['init', 'e2e@gantry.invalid'], { env: gpgEnv, stdio: 'ignore' });
  for (const [name, value] of Object.entries(VALUES)) execFileSync('pass', ['insert', '--multiline', `e2e/${name}`], { env: gpgEnv, input: `${value}\n`, stdio: ['pipe', 'ignore', 'ignore'] });

  const config = appConfig(tb, { service: SERVICE, web: [0], workers: [], extra: { env: { secret: ['DB_PASSWORD', 'API_KEY'] } } });
  // The fixture's base image, from this bed's registry.
  config.builder = { arch: 'amd64', args: { BASE: tb.images.busybox } };
  (config.registry as Record<string, unknown>).username = 'e2e';
  (config.registry as Record<string, unknown>).password = 'ERB_PASSWORD';
  const yaml = stringify(config).replace('ERB_PASSWORD', '<%= %x(echo token) %>');
  project = await writeProject({ config: yaml, fixture: 'app', git: true, files: { '.kamal/secrets': SECRETS_FILE } });
});

test.after(async () => {
  try {
    await gantry(['remove', '-y'], { cwd: project.dir, env });
  } finally {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, ...vault } });
    await project.remove();
    rmSync(home, { recursive: true, force: true });
  }
});

test('no kamal on PATH; the ERB registry password validates', async () => {
  assert.is.not(spawnSync('sh', ['-c', 'command -v kamal'], { env: process.env }).status, 0, 'kamal must not be installed for this case');
  const r = await gantry(['config'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  assert.match(r.stdout, /password: "?\[REDACTED\]"?$/m);
});

test('deploy: the vault values are in the container env and nowhere in the output', async () => {
  const r = await gantry(['deploy'], { cwd: project.dir, env });
  assert.is(r.code, 0, describeRun(r));
  for (const value of Object.values(VALUES)) {
    assert.not.ok(r.stdout.includes(value) || r.stderr.includes(value), 'a secret value was printed');
  }
  const name = await sshOut(tb, h1.name, `docker ps --filter label=service=${SERVICE} --filter label=role=web --format '{{.Names}}'`);
  const envOf = (key: string) => sshOut(tb, h1.name, `docker exec ${name} sh -c 'printf %s "$${key}"'`);
  assert.is(await envOf('DB_PASSWORD'), VALUES.db);
  assert.is(await envOf('API_KEY'), VALUES.api);
});

test('secrets print redacts unless --reveal', async () => {
  const hidden = await gantry(['secrets', 'print'], { cwd: project.dir, env });
  assert.is(hidden.code, 0, describeRun(hidden));
  assert.match(hidden.stdout, /^DB_PASSWORD=\[REDACTED\]$/m);
  assert.not.ok(hidden.stdout.includes(VALUES.db));
  const shown = await gantry(['secrets', 'print', '--reveal'], { cwd: project.dir, env });
  assert.match(shown.stdout, `API_KEY=${VALUES.api}`);
});

test.run();
