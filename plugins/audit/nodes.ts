/**
 * Audit nodes: each host appends a line to its audit log when a deploy, rollback, prune or
 * remove changes it, and `audit` shows the last lines of every host's log.
 */
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import { appScope, runDirectory } from '../app/api.js';
import { performer } from '../lock/api.js';
import { auditLine, recordAudit, revealAudit } from './commands.js';

export const PLUGIN_NAME = 'audit';
export const RECORD = 'audit:record';

/** Appends `message(ctx)` to the audit log of every selected host. */
export function recordNode(dependsOn: string, message: (ctx: RunContext) => string): TaskNode {
  return {
    id: RECORD,
    title: 'audit',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    scope: 'perHost',
    run: async (env) => {
      const { ctx } = env;
      const line = auditLine({ at: new Date().toISOString(), performer: performer(ctx).email, destination: ctx.destination, message: message(ctx) });
      await env.run(recordAudit(runDirectory(ctx), appScope(ctx), line));
    },
  };
}

/** `audit`: the last 50 lines of each host's log, under the host's name. */
export function showNode(dependsOn: string): TaskNode {
  return {
    id: 'audit:show',
    title: 'audit log',
    plugin: PLUGIN_NAME,
    dependsOn: [dependsOn],
    scope: 'perHost',
    run: async (env) => {
      const log = await env.probe(revealAudit(runDirectory(env.ctx), appScope(env.ctx)));
      env.ctx.print(`${env.host?.name ?? 'localhost'}:\n${log.code === 0 ? log.stdout.trimEnd() : '(no audit log)'}`);
    },
  };
}
