/**
 * gantry-deploy-notifier: POSTs every deploy event as JSON to a webhook. Events: `start` (the
 * deploy begins), `host_booted` (one per host, when its rolling boot group has booted),
 * `failed` (the run failed; the error, redacted) and `done` (the run ended; `ok` says how).
 * Deploy, redeploy, rollback and setup all notify; other commands do not. A webhook that is down
 * or slow costs at most `timeout_ms` per event and a warning: it never fails a deploy.
 *
 *   # config/deploy.yml
 *   plugins: [gantry-deploy-notifier]
 *   notifier:
 *     url: https://hooks.example.com/deploys
 */
import { DEPLOY, Type, definePlugin, getAppHooks, type Engine, type Plugin, type RunContext, type Static } from 'gantry-deploy/plugin';

export const NAME = 'deploy-notifier';

export const NotifierSchema = Type.Object(
  {
    url: Type.String({ pattern: '^https?://\\S+$', description: 'Webhook that receives each event as a JSON POST.' }),
    timeout_ms: Type.Integer({ minimum: 1, default: 5000, description: 'How long one POST may take before it is given up (ms).' }),
  },
  { additionalProperties: false, description: 'Deploy notifications to a webhook (the deploy-notifier plugin)' },
);
export type NotifierConfig = Static<typeof NotifierSchema>;

export type DeployEvent =
  | { event: 'start' }
  | { event: 'host_booted'; host: string }
  | { event: 'failed'; error: string; failures: { task: string; host: string | null; message: string }[] }
  | { event: 'done'; ok: boolean };

/** The JSON body of one event: what happened, to which deploy, when. */
export function eventBody(ctx: RunContext, event: DeployEvent, at: Date): Record<string, unknown> {
  const { config } = ctx.config;
  return { ...event, service: config.service, destination: ctx.destination ?? null, version: ctx.version, command: ctx.graph, at: at.toISOString() };
}

/** Posts the event; a failure is a warning on the run's log. */
export async function post(ctx: RunContext, settings: NotifierConfig, event: DeployEvent, fetcher: typeof fetch = fetch): Promise<void> {
  const body = JSON.stringify(eventBody(ctx, event, new Date()));
  try {
    const response = await fetcher(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'gantry-deploy-notifier' },
      body,
      signal: AbortSignal.timeout(settings.timeout_ms),
    });
    if (!response.ok) ctx.log(`${NAME}: ${settings.url} answered ${response.status} to "${event.event}"`);
  } catch (error) {
    ctx.log(`${NAME}: could not post "${event.event}" to ${settings.url}: ${(error as Error).message}`);
  }
}

const STARTED = `${NAME}:started`;
const FAILED = `${NAME}:failed`;

/** Only a run that passed the start node (a deploy-like graph, not a dry run) notifies. */
const notifying = (ctx: RunContext) => ctx.state.get(STARTED) === true;

export default function deployNotifier(options: { fetch?: typeof fetch } = {}): Plugin {
  const fetcher = options.fetch ?? fetch;
  return definePlugin({
    name: NAME,
    config: {
      name: 'notifier',
      schema: NotifierSchema,
      example: ['Deploy notifications: every deploy event POSTed as JSON (deploy-notifier plugin).', 'notifier:', '  url: https://hooks.example.com/deploys   # receives start, host_booted, failed, done', '  timeout_ms: 5000                        # per POST; a slow webhook never fails a deploy', ''].join('\n'),
    },
    apply(engine: Engine) {
      engine.hooks.validateConfig.tap(NAME, (config, issues) => {
        if (!(config as { notifier?: unknown }).notifier) issues.push({ pointer: '/plugins', message: `${NAME} needs its notifier: section (notifier: { url: https://… })` });
      });
      const settings = (ctx: RunContext) => (ctx.config.config as unknown as { notifier?: NotifierConfig }).notifier;
      const send = async (ctx: RunContext, event: DeployEvent) => {
        const section = settings(ctx);
        if (section && notifying(ctx)) await post(ctx, section, event, fetcher);
      };
      // Redeploy, rollback and setup extend deploy, so they get this node too.
      engine.hooks.graph.for('deploy').tap(NAME, (builder) => {
        builder.between(
          DEPLOY.start,
          {
            id: `${NAME}:start`,
            title: 'notify the webhook: deploy started',
            plugin: NAME,
            dependsOn: [],
            scope: 'local',
            run: async (env) => {
              if (env.ctx.dryRun) return env.output(`would POST "start" to ${settings(env.ctx)!.url}`);
              env.ctx.state.set(STARTED, true);
              await send(env.ctx, { event: 'start' });
            },
          },
          DEPLOY.connected,
        );
      });
      getAppHooks(engine).bootGroup.tapPromise(NAME, async (env, group) => {
        if (group.phase !== 'post') return;
        for (const host of group.hosts) await send(env.ctx, { event: 'host_booted', host });
      });
      // `failed` runs before `done`, once every task settled: the run's summary, then each failed task's own message.
      engine.hooks.failed.tap(NAME, (error, ctx) => void ctx.state.set(FAILED, error.message));
      engine.hooks.done.tapPromise(NAME, async (ctx, outcomes) => {
        const summary = ctx.state.get(FAILED) as string | undefined;
        if (summary !== undefined) {
          const redact = (text: string) => ctx.config.secrets.redact(text);
          const failures = outcomes
            .filter((outcome) => outcome.status === 'failed')
            .map((outcome) => ({ task: outcome.nodeId, host: outcome.host?.name ?? null, message: redact(outcome.error?.message ?? 'failed') }));
          await send(ctx, { event: 'failed', error: redact(summary), failures });
        }
        await send(ctx, { event: 'done', ok: summary === undefined });
      });
    },
  });
}
