/**
 * The `secrets` commands. They are utility commands, not graphs: `fetch` and `extract` run inside
 * a secrets file while a config is being loaded (or with no config at all), and their stdout is
 * data for `$(…)`, so no task view may write to it. This file is the only wiring.
 */
import type { Command } from 'commander';
import type { Engine } from '../../core/engine.js';
import type { LoadedConfig } from '../../core/config/types.js';
import { jsonLine } from '../../core/run/json-lines.js';
import { adapterTable } from './api.js';
import { extractSecret, fetchSecrets, formatFetchOutput, secretsListing, secretsValues } from './commands.js';
import { systemVaultCli } from './vault-cli.js';

export interface SecretsCommandsHost {
  engine: Engine;
  /** The loaded config; throws the load error when there is none. */
  requireConfig(): LoadedConfig;
}

/** `secrets extract KEY JSON…` needs no config and no plugins: the CLI runs it before loading either. */
export function isConfigFreeSecretsCommand(argv: string[]): boolean {
  return argv[0] === 'secrets' && argv[1] === 'extract' && argv.length >= 4 && !argv.includes('--help') && !argv.includes('-h');
}

export function runConfigFreeSecretsCommand(argv: string[]): void {
  process.stdout.write(`${extractSecret(argv[2]!, argv.slice(3))}\n`);
}

/**
 * `kamal|gantry secrets extract KEY JSON…` inside a secrets file, answered in this process (the
 * config loader's inline hook), so the JSON with every fetched value is never a shim's argv.
 */
export function inlineSecretsCommand(words: string[]): string | undefined {
  const [program, ...argv] = words;
  if ((program !== 'kamal' && program !== 'gantry') || !isConfigFreeSecretsCommand(argv)) return undefined;
  return extractSecret(argv[2]!, argv.slice(3));
}

export function addSecretsCommands(program: Command, host: SecretsCommandsHost): void {
  const secrets = program.command('secrets').description('read secrets from vaults (for .kamal/secrets and .gantry/secrets files)');
  secrets
    .command('fetch [keys...]')
    .description(`fetch secrets from a vault; prints JSON (adapters: ${adapterTable(host.engine).names().join(', ')})`)
    .requiredOption('-a, --adapter <adapter>', 'which vault adapter to use')
    .option('--account <account>', 'the account, user or profile (some adapters require it)')
    .option('--from <path>', 'a vault, folder or project the keys are under')
    .option('--json', 'one JSON line with the values unescaped (not for $(…))')
    .allowExcessArguments(false)
    .action(async (keys: string[], options: { adapter: string; account?: string; from?: string; json?: boolean }) => {
      const ctx = { cli: systemVaultCli(process.env), env: process.env };
      const results = await fetchSecrets(adapterTable(host.engine), keys, options, ctx);
      process.stdout.write(options.json ? jsonLine('secrets', { values: results }) : `${formatFetchOutput(results)}\n`);
    });
  secrets
    .command('extract <key> <json...>')
    .description('print one value from the output of secrets fetch (a key, or the last part of one)')
    .action((key: string, json: string[]) => {
      process.stdout.write(`${extractSecret(key, json)}\n`);
    });
  secrets
    .command('print')
    .description('print the resolved secrets of the config (values redacted unless --reveal)')
    .option('-c, --config-file <file>', 'config file')
    .option('-d, --destination <dest>', 'destination: reads <secrets_path>.<dest>')
    .option('--reveal', 'print the values themselves')
    .option('--json', 'one JSON line')
    .allowExcessArguments(false)
    .action((options: { reveal?: boolean; json?: boolean }) => {
      const { secrets } = host.requireConfig();
      if (options.json) {
        process.stdout.write(jsonLine('secrets', { values: secretsValues(secrets, Boolean(options.reveal)) }));
        return;
      }
      const listing = secretsListing(secrets, Boolean(options.reveal));
      if (listing) process.stdout.write(`${listing}\n`);
    });
}
