/**
 * Vault adapters for `gantry secrets fetch`: every vault Kamal reads, plus `pass`. Each is an
 * entry in the engine's adapter table, the same table a team plugin adds its own to (api.ts).
 */
import { definePlugin } from '../../core/plugin.js';
import { secretsAdapters } from './api.js';
import { awsSecretsManagerAdapter } from './adapters/aws-secrets-manager.js';
import { bitwardenAdapter } from './adapters/bitwarden.js';
import { bitwardenSecretsManagerAdapter } from './adapters/bitwarden-sm.js';
import { dopplerAdapter } from './adapters/doppler.js';
import { enpassAdapter } from './adapters/enpass.js';
import { gcpSecretManagerAdapter } from './adapters/gcp-secret-manager.js';
import { lastPassAdapter } from './adapters/last-pass.js';
import { onePasswordAdapter } from './adapters/one-password.js';
import { passAdapter } from './adapters/pass.js';
import { passboltAdapter } from './adapters/passbolt.js';

export const BUILT_IN_ADAPTERS = [
  onePasswordAdapter,
  bitwardenAdapter,
  bitwardenSecretsManagerAdapter,
  awsSecretsManagerAdapter,
  dopplerAdapter,
  gcpSecretManagerAdapter,
  lastPassAdapter,
  passboltAdapter,
  enpassAdapter,
  passAdapter,
];

export const secretsPlugin = definePlugin({
  name: 'secrets',
  apply(engine) {
    secretsAdapters(engine).tap('secrets', (table) => {
      for (const adapter of BUILT_IN_ADAPTERS) table.add(adapter);
    });
  },
});
