/**
 * Runs hook scripts: local executables at `<hooks_path>/<name>`. A missing script is no
 * hook; a non-zero exit aborts the run with the script's output.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunContext, TaskEnv } from '../../core/graph/model.js';
import { lookUpPerformer } from '../lock/api.js';
import { hookEnv, secretsEnv } from './env.js';

export const HOOK_NAMES = [
  'pre-connect',
  'pre-build',
  'pre-deploy',
  'post-deploy',
  'pre-app-boot',
  'post-app-boot',
  'pre-proxy-reboot',
  'post-proxy-reboot',
  'docker-setup',
] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Hooks that get every secret in their environment, as in Kamal. */
const WITH_SECRETS: ReadonlySet<HookName> = new Set(['pre-connect', 'pre-deploy', 'post-deploy']);

export function hooksDir(ctx: RunContext): string {
  const { config, kamal, root } = ctx.config;
  return path.resolve(root, config.hooks_path ?? (kamal ? '.kamal/hooks' : '.gantry/hooks'));
}

export function hookPath(ctx: RunContext, name: HookName): string | undefined {
  if (ctx.options.skipHooks) return undefined;
  const file = path.join(hooksDir(ctx), name);
  return existsSync(file) ? file : undefined;
}

export async function runHook(env: TaskEnv, name: HookName, extra: Record<string, string> = {}): Promise<void> {
  const file = hookPath(env.ctx, name);
  if (!file) return;
  await lookUpPerformer(env.ctx);
  const vars = { ...hookEnv(env.ctx, extra), ...(WITH_SECRETS.has(name) ? secretsEnv(env.ctx) : {}) };
  const show = hookOutput(env.ctx, name) === 'verbose';
  // A quiet hook's output is still in the error when it fails.
  await env.run([file], { env: vars, cwd: env.ctx.config.root, ...(show ? { onData: (chunk: string) => env.output(chunk.trimEnd()) } : {}) });
}

/** `hooks_output`, for all hooks or per hook name; --verbose shows every hook's output. Default verbose. */
export function hookOutput(ctx: RunContext, name: HookName): 'quiet' | 'verbose' {
  if (ctx.options.verbose) return 'verbose';
  const setting = ctx.config.config.hooks_output;
  if (typeof setting === 'string') return setting;
  return setting?.[name] ?? 'verbose';
}
