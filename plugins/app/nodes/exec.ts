/**
 * `app exec CMD`: runs CMD in a new container of each selected role on each of its hosts, or with
 * `--reuse` inside the running one; `--interactive` on one host only (the first selected: the
 * primary unless --hosts says otherwise), attached to the user's terminal.
 */
import { CommandError, GantryError } from '../../../core/errors.js';
import type { GraphOption, RunContext, TaskEnv, TaskNode } from '../../../core/graph/model.js';
import { splitCommandLine } from '../../../core/command-line.js';
import { toShell } from '../../../core/transport/quote.js';
import type { Command } from '../../../core/transport/types.js';
import type { Host } from '../../../core/hosts.js';
import { appHosts, appRolesOn, appScope, latestImage, roleScope, runDirectory, versionImage } from '../context.js';
import { APP_PLUGIN } from '../api.js';
import { currentContainer, ensureEnvDirectory } from '../commands.js';
import { renderEnvFile } from '../env-file.js';
import { secretValues } from '../env.js';
import { execInContainer, execInNewContainer } from '../exec-commands.js';
import { envFilePath } from '../paths.js';
import { roleSettings } from '../settings.js';

export const EXEC = 'app:exec';

interface ExecRequest {
  cmd: string[];
  interactive: boolean;
  reuse: boolean;
  detach: boolean;
  env: Record<string, string>;
}

function request(ctx: RunContext): ExecRequest {
  const o = ctx.options;
  const words = Array.isArray(o.cmd) ? (o.cmd as string[]) : [];
  // Kamal joins the words; quoting inside one word (`"bin/rails console"`) then splits as a shell would.
  const cmd = splitCommandLine(words.join(' '));
  if (!cmd.length) throw new GantryError('app exec needs a command');
  const env: Record<string, string> = {};
  for (const pair of (o.env as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new GantryError(`--env expects KEY=VALUE, got ${JSON.stringify(pair)}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const interactive = Boolean(o.interactive);
  const reuse = Boolean(o.reuse);
  const detach = Boolean(o.detach);
  if (detach && (interactive || reuse)) throw new GantryError('--detach starts a new container in the background: it cannot be combined with --interactive or --reuse');
  return { cmd, interactive, reuse, detach, env };
}

async function commandFor(env: TaskEnv, role: string, req: ExecRequest): Promise<Command> {
  const { ctx } = env;
  const host = env.host!;
  const scope = roleScope(ctx, role);
  const shape = { interactive: req.interactive, env: req.env, cmd: req.cmd };
  if (req.reuse) {
    const container = await env.capture(currentContainer(scope, latestImage(ctx), 'name'));
    if (!container && !ctx.dryRun) throw new GantryError(`${host.name}: no running container of role ${role} to run in (drop --reuse to start a new one)`);
    return execInContainer(container || `<${role} container>`, shape);
  }
  const settings = roleSettings(ctx, role, host);
  const envFile = envFilePath(runDirectory(ctx), appScope(ctx), role);
  // The same secrets file a boot writes: secrets reach the container without touching argv.
  await env.run(ensureEnvDirectory(runDirectory(ctx), appScope(ctx)));
  await env.upload(renderEnvFile(secretValues(settings.env.secret, (name) => ctx.config.secrets.get(name))), envFile, 0o600);
  return execInNewContainer({
    ...shape,
    image: typeof ctx.options.version === 'string' ? versionImage(ctx) : latestImage(ctx),
    roleEnv: settings.env.clear,
    envFile,
    options: settings.options,
    detach: req.detach,
  });
}

async function execOnHost(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const req = request(ctx);
  const host = env.host!;
  const roles = appRolesOn(host);
  if (req.interactive) {
    const cmd = await commandFor(env, roles[0]!, req);
    const status = await env.interactive(cmd);
    if (status.code !== 0) throw new CommandError(host.name, ctx.config.secrets.redact(toShell(cmd)), status.code, '');
    return;
  }
  const several = selectedHosts(ctx, ctx.hosts).length > 1;
  for (const role of roles) {
    const prefix = several ? `${host.name}: ` : '';
    await env.run(await commandFor(env, role, req), { onLine: (line) => ctx.print(`${prefix}${line}`) });
  }
}

function selectedHosts(ctx: RunContext, hosts: readonly Host[]): Host[] {
  const app = appHosts(ctx, hosts);
  return ctx.options.interactive ? app.slice(0, 1) : app;
}

/** The options `app exec` declares for itself. */
export const EXEC_OPTIONS: GraphOption[] = [
  { flags: '-i, --interactive', description: 'attach your terminal (one host: the primary unless --hosts)' },
  { flags: '--reuse', description: 'run inside the running container instead of a new one' },
  { flags: '-e, --env <KEY=VALUE>', description: 'extra environment variable (repeatable)', repeatable: true },
  { flags: '--detach', description: 'leave the new container running in the background' },
];

export function execNode(dependsOn: string[]): TaskNode {
  return {
    id: EXEC,
    title: 'app exec',
    plugin: APP_PLUGIN,
    dependsOn,
    scope: 'perHost',
    selectHosts: selectedHosts,
    run: execOnHost,
  };
}
