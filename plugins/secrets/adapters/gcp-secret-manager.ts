/**
 * Google Cloud Secret Manager through `gcloud secrets versions access`. Keys are
 * `[project/]secret[/version]` (project `default` = gcloud's own; version `latest`). `--account`
 * is `USER[|SERVICE_ACCOUNT[,CHAIN…]]`, `default` for gcloud's user. Results are keyed `project/secret`.
 */
import { GantryError } from '../../../core/errors.js';
import type { AdapterContext, SecretsAdapter } from '../adapter.js';
import { parseJson, requireAccount, requireInstalled, requireOk } from './support.js';

export const gcpSecretManagerAdapter: SecretsAdapter = {
  name: 'gcp_secret_manager',
  aliases: ['gcp', 'gcp-secret-manager'],
  requiresAccount: true,
  description: 'GCP Secret Manager (`gcloud`): --account USER|default[|SERVICE_ACCOUNT], keys [project/]secret[/version]',
  async fetch(request, ctx) {
    const account = requireAccount(request.account, 'gcp');
    requireInstalled(ctx, ['gcloud', '--version'], 'Google Cloud CLI (gcloud)');
    if (!loggedIn(ctx)) {
      ctx.cli.run(['gcloud', 'auth', 'login'], { interactive: true });
      if (!loggedIn(ctx)) throw new GantryError('gcloud is not signed in, and `gcloud auth login` failed');
    }
    const [user, serviceAccount] = splitOnce(account, '|');
    const results: Record<string, string> = {};
    for (const key of request.keys) {
      const parts = key.split('/');
      if (parts.length === 1) parts.unshift('default');
      const [project, secret, version = 'latest'] = parts as [string, string, string?];
      const argv = ['gcloud', 'secrets', 'versions', 'access', version, `--secret=${secret}`];
      if (project !== 'default') argv.push(`--project=${project}`);
      if (user !== 'default') argv.push(`--account=${user}`);
      if (serviceAccount) argv.push(`--impersonate-service-account=${serviceAccount}`);
      argv.push('--format=json');
      const out = requireOk(ctx.cli.run(argv), `could not read ${project}/${secret} from Google Secret Manager`).stdout;
      const data = parseJson<{ payload?: { data?: string } }>(out, 'Google Secret Manager').payload?.data ?? '';
      results[`${project}/${secret}`] = Buffer.from(data, 'base64').toString('utf8');
    }
    return results;
  },
};

function loggedIn(ctx: AdapterContext): boolean {
  const result = ctx.cli.run(['gcloud', 'auth', 'list', '--format=json']);
  if (result.code !== 0) return false;
  const accounts = parseJson<unknown[]>(result.stdout || '[]', 'gcloud auth list');
  return Array.isArray(accounts) && accounts.length > 0;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
