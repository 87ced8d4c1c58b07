/**
 * AWS Secrets Manager through `aws secretsmanager batch-get-secret-value`; `--account` is the
 * AWS profile. A secret whose string is a JSON object gives one key per field (`name/field`).
 */
import { GantryError } from '../../../core/errors.js';
import type { SecretsAdapter } from '../adapter.js';
import { parseJson, requireInstalled, requireOk, text } from './support.js';

interface BatchResult {
  SecretValues?: { Name: string; SecretString?: string }[];
  Errors?: { SecretId: string; Message: string }[];
}

export const awsSecretsManagerAdapter: SecretsAdapter = {
  name: 'aws_secrets_manager',
  aliases: ['aws', 'aws-secrets-manager'],
  requiresAccount: false,
  description: 'AWS Secrets Manager (`aws`): --account PROFILE (optional), keys secret names (or --from prefix)',
  async fetch(request, ctx) {
    requireInstalled(ctx, ['aws', '--version'], 'AWS CLI (aws)');
    const argv = ['aws', 'secretsmanager', 'batch-get-secret-value', '--secret-id-list', ...request.keys];
    if (request.account) argv.push('--profile', request.account);
    const out = requireOk(ctx.cli.run(argv), `could not read ${request.keys.join(', ')} from AWS Secrets Manager`).stdout;
    const batch = parseJson<BatchResult>(out, 'AWS Secrets Manager');
    if (batch.Errors?.length) throw new GantryError(`AWS Secrets Manager: ${batch.Errors.map((e) => `${e.SecretId}: ${e.Message}`).join(' ')}`);
    const results: Record<string, string> = {};
    for (const secret of batch.SecretValues ?? []) {
      const fields = objectOrUndefined(secret.SecretString ?? '');
      if (fields) for (const [key, value] of Object.entries(fields)) results[`${secret.Name}/${key}`] = text(value);
      else results[secret.Name] = secret.SecretString ?? '';
    }
    return results;
  },
};

function objectOrUndefined(value: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
