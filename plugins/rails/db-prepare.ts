/**
 * `bin/rails db:prepare` once per deploy: on the primary host, in a new throwaway container of the
 * new image, after the pull and the lock and before any boot (deploy:ready waits for it). A
 * failure stops the deploy before a container is replaced, so the old version keeps serving.
 */
import { DEPLOY } from '../../core/graph/named.js';
import type { RunContext, TaskNode } from '../../core/graph/model.js';
import type { Command } from '../../core/transport/types.js';
import {
  appScope,
  ensureEnvDirectory,
  envDirectory,
  primaryRole,
  roleSettings,
  renderEnvFile,
  runDirectory,
  secretValues,
  serviceAndDestination,
  versionImage,
} from '../app/api.js';
import { RAILS_PLUGIN } from './name.js';

export const DB_PREPARE = 'rails:db-prepare';

/** The one-off container's argv: removed on exit, on the app's network, the role's env (secrets from the 0600 file). */
export function dbPrepareRun(opts: { name: string; image: string; clear: Record<string, string>; envFile: string; volumes: string[] }): Command {
  return [
    'docker',
    'run',
    '--rm',
    '--name',
    opts.name,
    '--network',
    'kamal',
    ...Object.entries(opts.clear).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    '--env-file',
    opts.envFile,
    ...opts.volumes.flatMap((volume) => ['--volume', volume]),
    opts.image,
    'bin/rails',
    'db:prepare',
  ];
}

export function dbPrepareNode(): TaskNode {
  return {
    id: DB_PREPARE,
    title: 'bin/rails db:prepare (primary host, new image)',
    plugin: RAILS_PLUGIN,
    // After the image is on every host and the lock is held; deploy:ready (which every boot waits for) waits for it.
    dependsOn: [DEPLOY.pulled, DEPLOY.locked],
    scope: 'once',
    omitFrom: ['rollback'],
    run: async (env) => {
      const { ctx } = env;
      const role = primaryRole(ctx);
      const settings = roleSettings(ctx, role, env.host!);
      const envFile = `${envDirectory(runDirectory(ctx), appScope(ctx))}/${role}-db-prepare.env`;
      await env.run(ensureEnvDirectory(runDirectory(ctx), appScope(ctx)));
      // Secrets (RAILS_MASTER_KEY, DATABASE_URL …) reach the host only in this 0600 file.
      await env.upload(renderEnvFile(secretValues(settings.env.secret, (name) => ctx.config.secrets.get(name))), envFile, 0o600);
      await env.run(dbPrepareRun({ name: containerName(ctx), image: versionImage(ctx), clear: settings.env.clear, envFile, volumes: settings.volumes }));
    },
  };
}

function containerName(ctx: RunContext): string {
  return `${serviceAndDestination(appScope(ctx))}-db-prepare-${ctx.version}`;
}
