/** Each adapter against a fake vault CLI: the exact argv it runs, and the vault's real output shape. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AdapterTable, fetchSecrets } from '../../../../plugins/secrets/api.js';
import { BUILT_IN_ADAPTERS } from '../../../../plugins/secrets/index.js';
import { fakeVault, type Answer } from './fake-vault.js';

const table = new AdapterTable();
for (const adapter of BUILT_IN_ADAPTERS) table.add(adapter);

const ok = (stdout = ''): Answer => ({ stdout });
const json = (value: unknown): Answer => ({ stdout: JSON.stringify(value, null, 2) });

async function rejects(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

test('1password: signed in; fields of one item in one call, keyed by reference', async () => {
  const vault = fakeVault({
    op: {
      'op --version': ok('2.30.0'),
      'op account get --account acme': ok('URL: acme.1password.com'),
      'op item get Web --vault Prod --format json --account acme --fields label=REGISTRY_PASSWORD,label=db.DB_PASSWORD': json([
        { id: 'a', label: 'REGISTRY_PASSWORD', value: 'reg-pw', reference: 'op://Prod/Web/REGISTRY_PASSWORD' },
        { id: 'b', label: 'DB_PASSWORD', value: 'db-pw', reference: 'op://Prod/Web/db/DB_PASSWORD' },
      ]),
      'op item get Other --vault Prod --format json --account acme --fields label=password': json({ id: 'p', label: 'password', value: 'other-pw', reference: 'op://Prod/Other/password' }),
    },
  });
  const out = await fetchSecrets(table, ['Web/REGISTRY_PASSWORD', 'Web/db/DB_PASSWORD', 'Other'], { adapter: '1password', account: 'acme', from: 'Prod' }, vault.ctx);
  assert.equal(out, { 'Prod/Web/REGISTRY_PASSWORD': 'reg-pw', 'Prod/Web/db/DB_PASSWORD': 'db-pw', 'Prod/Other': 'other-pw' });
  assert.equal(vault.calls().slice(0, 2), ['op --version', 'op account get --account acme']);
});

test('1password: signed out → op signin, whose session is used; a failed signin is a clear error', async () => {
  const vault = fakeVault({
    op: {
      'op --version': ok('2.30.0'),
      'op account get --account acme': { code: 1, stderr: 'not signed in' },
      'op signin --account acme --force --raw': ok('SESSIONTOKEN'),
      'op item get Web --vault Prod --format json --account acme --session SESSIONTOKEN --fields label=password': json({ reference: 'op://Prod/Web/password', value: 'pw' }),
    },
  });
  assert.equal(await fetchSecrets(table, ['Prod/Web'], { adapter: 'one_password', account: 'acme' }, vault.ctx), { 'Prod/Web': 'pw' });
  const refused = fakeVault({ op: { 'op --version': ok('2'), 'op account get --account acme': { code: 1 }, 'op signin --account acme --force --raw': { code: 1 } } });
  assert.is(
    await rejects(() => fetchSecrets(table, ['Prod/Web'], { adapter: '1password', account: 'acme' }, refused.ctx)),
    // The sign-in is interactive: op explains on the terminal itself.
    'not signed in to 1Password account acme, and `op signin --account acme` failed',
  );
});

test('a vault CLI that is not installed is named; --account is required where Kamal requires it', async () => {
  const none = fakeVault({});
  assert.is(await rejects(() => fetchSecrets(table, ['x'], { adapter: '1password', account: 'a' }, none.ctx)), '1Password CLI (op) is not installed: `op` is not on PATH');
  assert.is(await rejects(() => fetchSecrets(table, ['x'], { adapter: 'lastpass', account: 'a' }, none.ctx)), 'LastPass CLI (lpass) is not installed: `lpass` is not on PATH');
  assert.is(await rejects(() => fetchSecrets(table, ['x'], { adapter: 'bitwarden' }, none.ctx)), 'the bitwarden adapter needs --account');
  assert.is(await rejects(() => fetchSecrets(table, ['x'], { adapter: 'nope' }, none.ctx)), `unknown secrets adapter "nope" (adapters: ${table.names().join(', ')})`);
});

test('bitwarden: locked → unlock; the session reaches bw through BW_SESSION, not argv', async () => {
  const vault = fakeVault({
    bw: {
      'bw --version': ok('2024.9.0'),
      'bw status': json({ status: 'locked' }),
      'bw unlock --raw': ok('BWSESSION'),
      'bw sync': ok('Syncing complete.'),
      'bw get item app': json({ login: { username: 'u', password: 'login-pw' }, fields: [] }),
      'bw get item db': json({ login: null, fields: [{ name: 'DB_PASSWORD', value: 'db-pw', type: 1 }, { name: 'DB_USER', value: 'app', type: 0 }] }),
    },
  });
  // The fake answers `bw status` the same with or without a session; make the second call see it unlocked.
  const calls: string[] = [];
  const ctx = {
    ...vault.ctx,
    cli: {
      run: (argv: string[], options?: { env?: Record<string, string>; interactive?: boolean }) =>
        argv.join(' ') === 'bw status' && options?.env?.BW_SESSION ? (calls.push('status'), { code: 0, stdout: '{"status":"unlocked"}', stderr: '' }) : vault.ctx.cli.run(argv, options),
    },
  };
  const out = await fetchSecrets(table, ['app', 'db/DB_PASSWORD'], { adapter: 'bitwarden', account: 'me@example.com' }, ctx);
  assert.equal(out, { app: 'login-pw', 'db/DB_PASSWORD': 'db-pw' });
  assert.equal(vault.calls(), ['bw --version', 'bw status', 'bw unlock --raw', 'BW_SESSION=BWSESSION bw sync', 'BW_SESSION=BWSESSION bw get item app', 'BW_SESSION=BWSESSION bw get item db']);
  assert.equal(calls, ['status']);
});

test('bitwarden: unauthenticated and login fails → a clear error', async () => {
  const vault = fakeVault({ bw: { 'bw --version': ok('1'), 'bw status': json({ status: 'unauthenticated' }), 'bw login me@example.com': { code: 1 } } });
  assert.match(await rejects(() => fetchSecrets(table, ['app'], { adapter: 'bitwarden', account: 'me@example.com' }, vault.ctx)), 'could not sign in to and unlock Bitwarden as me@example.com (status: unauthenticated)');
});

test('bitwarden-sm: all, project/all, or ids', async () => {
  const vault = fakeVault({
    bws: {
      'bws --version': ok('bws 1.0.0'),
      'bws run echo OK': ok('OK'),
      'bws secret list': json([{ id: '1', key: 'A', value: 'a' }, { id: '2', key: 'B', value: 'b' }]),
      'bws secret list proj-1': json([{ id: '3', key: 'C', value: 'c' }]),
      'bws secret get uuid-1': json({ id: 'uuid-1', key: 'D', value: 'd' }),
    },
  });
  assert.equal(await fetchSecrets(table, ['all'], { adapter: 'bitwarden-sm' }, vault.ctx), { A: 'a', B: 'b' });
  assert.equal(await fetchSecrets(table, ['all'], { adapter: 'bitwarden-sm', from: 'proj-1' }, vault.ctx), { C: 'c' });
  assert.equal(await fetchSecrets(table, ['uuid-1'], { adapter: 'bitwarden_secrets_manager' }, vault.ctx), { D: 'd' });
  const bad = fakeVault({ bws: { 'bws --version': ok('1'), 'bws run echo OK': { code: 1 } } });
  assert.match(await rejects(() => fetchSecrets(table, ['all'], { adapter: 'bitwarden-sm' }, bad.ctx)), 'could not authenticate to Bitwarden Secrets Manager');
});

test('aws: batch-get-secret-value with --profile; JSON secrets expand to name/key', async () => {
  const vault = fakeVault({
    aws: {
      'aws --version': ok('aws-cli/2.17.0'),
      'aws secretsmanager batch-get-secret-value --secret-id-list app/db app/token --profile prod': json({
        SecretValues: [
          { ARN: 'arn:1', Name: 'app/db', SecretString: '{"DB_PASSWORD":"db-pw","DB_USER":"app"}' },
          { ARN: 'arn:2', Name: 'app/token', SecretString: 'plain-token' },
        ],
        Errors: [],
      }),
      'aws secretsmanager batch-get-secret-value --secret-id-list app/missing': json({ SecretValues: [], Errors: [{ SecretId: 'app/missing', ErrorCode: 'ResourceNotFoundException', Message: 'not found' }] }),
    },
  });
  const out = await fetchSecrets(table, ['db', 'token'], { adapter: 'aws_secrets_manager', account: 'prod', from: 'app' }, vault.ctx);
  assert.equal(out, { 'app/db/DB_PASSWORD': 'db-pw', 'app/db/DB_USER': 'app', 'app/token': 'plain-token' });
  assert.is(await rejects(() => fetchSecrets(table, ['app/missing'], { adapter: 'aws' }, vault.ctx)), 'AWS Secrets Manager: app/missing: not found');
});

test('doppler: -p/-c from --from, none with a service token; values are the computed ones', async () => {
  const answer = json({ API_KEY: { computed: 'api', note: '', raw: 'api' }, DB_URL: { computed: 'postgres://x', note: '', raw: '${X}' } });
  const vault = fakeVault({
    doppler: {
      'doppler --version': ok('v3.69.0'),
      'doppler me --json': json({ name: 'me' }),
      'doppler secrets get API_KEY DB_URL --json -p web -c prd': answer,
      'doppler secrets get API_KEY DB_URL --json': answer,
    },
  });
  const expected = { API_KEY: 'api', DB_URL: 'postgres://x' };
  assert.equal(await fetchSecrets(table, ['API_KEY', 'DB_URL'], { adapter: 'doppler', from: 'web/prd' }, vault.ctx), expected);
  const service = { ...vault.ctx, env: { ...vault.ctx.env, DOPPLER_TOKEN: 'dp.st.prd.xyz' } };
  assert.equal(await fetchSecrets(table, ['API_KEY', 'DB_URL'], { adapter: 'doppler' }, service), expected);
  assert.is(await rejects(() => fetchSecrets(table, ['API_KEY'], { adapter: 'doppler' }, vault.ctx)), 'Doppler needs the project and config: --from project/config');
});

test('gcp: versions access with project, account and impersonation; base64 payloads decoded', async () => {
  const data = (text: string) => json({ name: 'projects/1/secrets/x/versions/1', payload: { data: Buffer.from(text).toString('base64'), dataCrc32c: '1' } });
  const vault = fakeVault({
    gcloud: {
      'gcloud --version': ok('Google Cloud SDK 490.0.0'),
      'gcloud auth list --format=json': json([{ account: 'me@example.com', status: 'ACTIVE' }]),
      'gcloud secrets versions access latest --secret=db --account=me@example.com --impersonate-service-account=sa@p.iam.gserviceaccount.com --format=json': data('db-pw'),
      'gcloud secrets versions access 3 --secret=token --project=other --account=me@example.com --impersonate-service-account=sa@p.iam.gserviceaccount.com --format=json': data('tok'),
    },
  });
  const out = await fetchSecrets(table, ['db', 'other/token/3'], { adapter: 'gcp', account: 'me@example.com|sa@p.iam.gserviceaccount.com' }, vault.ctx);
  assert.equal(out, { 'default/db': 'db-pw', 'other/token': 'tok' });
  const signedOut = fakeVault({ gcloud: { 'gcloud --version': ok('1'), 'gcloud auth list --format=json': json([]), 'gcloud auth login': { code: 1 } } });
  assert.is(await rejects(() => fetchSecrets(table, ['db'], { adapter: 'gcp', account: 'default' }, signedOut.ctx)), 'gcloud is not signed in, and `gcloud auth login` failed');
});

test('lastpass: login when another user is signed in; entries by full name; a missing one is named', async () => {
  const vault = fakeVault({
    lpass: {
      'lpass --version': ok('LastPass CLI v1.6.1'),
      'lpass status --color never': ok('Logged in as someone@else.com.'),
      'lpass login me@example.com': ok('Success: Logged in as me@example.com.'),
      'lpass show Prod/DB Prod/API --json': json([
        { id: '1', name: 'DB', fullname: 'Prod/DB', username: '', password: 'db-pw', group: 'Prod' },
        { id: '2', name: 'API', fullname: 'Prod/API', username: '', password: 'api-pw', group: 'Prod' },
      ]),
      'lpass show Prod/DB Prod/GONE --json': json([{ id: '1', name: 'DB', fullname: 'Prod/DB', password: 'db-pw' }]),
    },
  });
  assert.equal(await fetchSecrets(table, ['DB', 'API'], { adapter: 'lastpass', account: 'me@example.com', from: 'Prod' }, vault.ctx), { 'Prod/DB': 'db-pw', 'Prod/API': 'api-pw' });
  assert.ok(vault.calls().includes('lpass login me@example.com'));
  assert.is(await rejects(() => fetchSecrets(table, ['Prod/DB', 'Prod/GONE'], { adapter: 'last_pass', account: 'me@example.com' }, vault.ctx)), 'could not find Prod/GONE in LastPass');
});

test('passbolt: verify, folders resolved by name then parent, resources filtered', async () => {
  const vault = fakeVault({
    passbolt: {
      'passbolt --version': ok('passbolt version v0.3.2'),
      'passbolt verify': ok('Verified'),
      'passbolt list folders --filter Name == "prod" --json': json([{ id: 'f1', folder_parent_id: '', name: 'prod' }]),
      'passbolt list folders --filter Name == "db" && FolderParentID == "f1" --json': json([{ id: 'f2', folder_parent_id: 'f1', name: 'db' }]),
      'passbolt list resources --filter (Name == "DB_PASSWORD" && FolderParentID == "f2") || Name == "TOKEN" --folder f1 --folder f2 --json': json([
        { id: 'r1', folder_parent_id: 'f2', name: 'DB_PASSWORD', username: '', uri: '', password: 'db-pw' },
        { id: 'r2', folder_parent_id: '', name: 'TOKEN', username: '', uri: '', password: 'tok' },
      ]),
    },
  });
  assert.equal(await fetchSecrets(table, ['prod/db/DB_PASSWORD', 'TOKEN'], { adapter: 'passbolt' }, vault.ctx), { DB_PASSWORD: 'db-pw', TOKEN: 'tok' });
});

test('enpass: --from is the vault; titles and title/label', async () => {
  const vault = fakeVault({
    'enpass-cli': {
      'enpass-cli version': ok('enpass-cli 1.6.0'),
      'enpass-cli -json -vault /vaults/primary show FooBar Other': json([
        { category: 'computer', label: 'DB_PASSWORD', login: '', password: 'db-pw', title: 'FooBar', type: 'password' },
        { category: 'computer', label: 'SMTP', login: '', password: 'smtp-pw', title: 'FooBar', type: 'password' },
        { category: 'computer', label: '', login: '', password: 'other-pw', title: 'Other', type: 'password' },
      ]),
    },
  });
  const out = await fetchSecrets(table, ['FooBar/DB_PASSWORD', 'Other'], { adapter: 'enpass', from: '/vaults/primary' }, vault.ctx);
  assert.equal(out, { 'FooBar/DB_PASSWORD': 'db-pw', Other: 'other-pw' });
});

test('pass: pass show per key (under --from); the first line is the value', async () => {
  const vault = fakeVault({ pass: { 'pass version': ok('v1.7.4'), 'pass show app/db': ok('db-pw\nuser: app'), 'pass show app/missing': { code: 1, stderr: 'Error: app/missing is not in the password store.' } } });
  assert.equal(await fetchSecrets(table, ['db'], { adapter: 'pass', from: 'app' }, vault.ctx), { 'app/db': 'db-pw' });
  assert.is(await rejects(() => fetchSecrets(table, ['missing'], { adapter: 'pass', from: 'app' }, vault.ctx)), 'could not read app/missing from the password store (Error: app/missing is not in the password store.)');
});

test.run();
