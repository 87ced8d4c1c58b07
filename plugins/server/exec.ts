/**
 * `server exec CMD`: a shell command line on every selected host (as typed: pipes and `$VARS`
 * are the host shell's), its output prefixed with the host when there are several; `-i` attaches
 * the user's terminal on the first selected host.
 */
import { CommandError, GantryError } from '../../core/errors.js';
import type { GraphOption, RunContext, TaskEnv, TaskNode } from '../../core/graph/model.js';
import type { Host } from '../../core/hosts.js';
import { raw, toShell } from '../../core/transport/quote.js';
import type { Command } from '../../core/transport/types.js';

export const SERVER_EXEC = 'server:exec';

export const SERVER_EXEC_OPTIONS: GraphOption[] = [{ flags: '-i, --interactive', description: 'attach your terminal (first selected host only)' }];

/** The command line exactly as typed, for the host's shell. */
export function hostCommand(ctx: RunContext): Command {
  const words = Array.isArray(ctx.options.cmd) ? (ctx.options.cmd as string[]) : [];
  const line = words.join(' ').trim();
  if (!line) throw new GantryError('server exec needs a command');
  return [raw(line)];
}

function selected(ctx: RunContext, hosts: readonly Host[]): readonly Host[] {
  return ctx.options.interactive ? hosts.slice(0, 1) : hosts;
}

async function execOnHost(env: TaskEnv): Promise<void> {
  const { ctx } = env;
  const cmd = hostCommand(ctx);
  const host = env.host!.name;
  if (ctx.options.interactive) {
    const status = await env.interactive(cmd);
    if (status.code !== 0) throw new CommandError(host, ctx.config.secrets.redact(toShell(cmd)), status.code, '');
    return;
  }
  const prefix = selected(ctx, ctx.hosts).length > 1 ? `${host}: ` : '';
  await env.run(cmd, { onLine: (line) => ctx.print(`${prefix}${line}`) });
}

export function serverExecNode(dependsOn: string[]): TaskNode {
  return { id: SERVER_EXEC, title: 'server exec', plugin: 'server', dependsOn, scope: 'perHost', selectHosts: selected, run: execOnHost };
}
