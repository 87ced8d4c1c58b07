/**
 * gantry-deploy-guard: refuses a deploy outside a configured time window, or while a named file
 * exists on the primary host (a freeze flag an operator touches). The check runs once the deploy
 * lock is held and before the build starts, so a refused deploy builds, pulls and boots nothing;
 * the lock plugin releases the lock as the run ends, whatever happened. Rollbacks are not guarded:
 * going back to a known version must stay possible in an incident.
 *
 *   # config/deploy.yml
 *   plugins: [gantry-deploy-guard]
 *   deploy_guard:
 *     window: { days: [mon, tue, wed, thu], from: "09:00", to: "16:00", timezone: Europe/Berlin }
 *     stop_file: /etc/gantry/deploys-frozen
 */
import { DEPLOY, GantryError, Type, definePlugin, type Engine, type Plugin, type RunContext, type Static, type TaskEnv } from 'gantry-deploy/plugin';

export const NAME = 'deploy-guard';

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const Day = Type.Union([Type.Literal('sun'), Type.Literal('mon'), Type.Literal('tue'), Type.Literal('wed'), Type.Literal('thu'), Type.Literal('fri'), Type.Literal('sat')]);
const CLOCK = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

export const WindowSchema = Type.Object(
  {
    from: Type.String({ pattern: CLOCK, description: 'Start of the window, "HH:MM" (24 h), in quotes: YAML reads an unquoted 09:00 as a number.' }),
    to: Type.String({ pattern: CLOCK, description: 'End of the window, "HH:MM" in quotes (exclusive); earlier than `from` means it runs past midnight.' }),
    days: Type.Array(Day, { minItems: 1, uniqueItems: true, default: [...DAYS], description: 'Days the window opens (the day it opens, for one past midnight).' }),
    timezone: Type.String({ default: 'UTC', description: 'IANA time zone the times are in, e.g. Europe/Berlin.' }),
  },
  { additionalProperties: false, description: 'When deploys may run.' },
);

export const GuardSchema = Type.Object(
  {
    window: Type.Optional(WindowSchema),
    stop_file: Type.Optional(Type.String({ pattern: '^/', description: 'Absolute path on the primary host; while it exists, deploys are refused.' })),
  },
  { additionalProperties: false, minProperties: 1, description: 'Refuse deploys outside a time window or while a file exists (the deploy-guard plugin)' },
);
export type GuardConfig = Static<typeof GuardSchema>;
export type DeployWindow = Static<typeof WindowSchema>;

/** Weekday and minute of the day of `now` in the window's time zone. */
function localTime(now: Date, timezone: string): { day: (typeof DAYS)[number]; minute: number; text: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now).map((part) => [part.type, part.value]),
  );
  const day = parts.weekday!.toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute), text: `${parts.weekday} ${parts.hour}:${parts.minute} ${timezone}` };
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Why `now` is outside the window, or undefined when a deploy may run. */
export function outsideWindow(window: DeployWindow, now: Date): string | undefined {
  const { day, minute, text } = localTime(now, window.timezone);
  const from = minutes(window.from);
  const to = minutes(window.to);
  const previous = DAYS[(DAYS.indexOf(day) + 6) % 7]!;
  const open =
    from <= to
      ? window.days.includes(day) && minute >= from && minute < to
      : (window.days.includes(day) && minute >= from) || (window.days.includes(previous) && minute < to);
  if (open) return undefined;
  return `outside the deploy window (${window.days.join(',')} ${window.from}-${window.to} ${window.timezone}; it is ${text})`;
}

/** The check: the window locally, then the stop file on the primary host (the node runs there). */
async function check(env: TaskEnv, guard: GuardConfig, now: () => Date): Promise<void> {
  const refuse = (reason: string) => {
    throw new GantryError(`deploy refused by ${NAME}: ${reason}`);
  };
  const closed = guard.window && outsideWindow(guard.window, now());
  if (closed && !env.ctx.dryRun) refuse(closed);
  if (closed) env.output(`would refuse: ${closed}`);
  if (!guard.stop_file) return;
  const probe = await env.probe(['test', '-e', guard.stop_file]);
  // A dry run reaches no host: its probes answer 0 without looking.
  if (probe.code === 0 && !env.ctx.dryRun) refuse(`${guard.stop_file} exists on ${env.host!.name} (remove it to allow deploys)`);
}

export default function deployGuard(options: { now?: () => Date } = {}): Plugin {
  const now = options.now ?? (() => new Date());
  const settings = (ctx: RunContext) => (ctx.config.config as unknown as { deploy_guard?: GuardConfig }).deploy_guard;
  return definePlugin({
    name: NAME,
    config: {
      name: 'deploy_guard',
      schema: GuardSchema,
      example: [
        'Refuse deploys outside a time window or while a file exists on the primary host (deploy-guard plugin).',
        'deploy_guard:',
        '  window:                         # deploys only Mon-Thu 09:00-16:00 Berlin time',
        '    days: [mon, tue, wed, thu]',
        '    from: "09:00"',
        '    to: "16:00"',
        '    timezone: Europe/Berlin',
        '  stop_file: /etc/gantry/deploys-frozen   # touch it on the primary host to freeze deploys',
        '',
      ].join('\n'),
    },
    apply(engine: Engine) {
      engine.hooks.validateConfig.tap(NAME, (config, issues) => {
        const guard = (config as { deploy_guard?: GuardConfig }).deploy_guard;
        if (!guard) issues.push({ pointer: '/plugins', message: `${NAME} needs its deploy_guard: section (a window:, a stop_file:, or both)` });
        else if (guard.window && !validTimezone(guard.window.timezone)) issues.push({ pointer: '/deploy_guard/window/timezone', message: `unknown time zone "${guard.window.timezone}"` });
      });
      // Redeploy and setup extend deploy and are guarded too; rollback is not.
      engine.hooks.graph.for('deploy').tap(NAME, (builder) => {
        builder.between(
          DEPLOY.locked,
          {
            id: `${NAME}:check`,
            title: 'deploy guard: time window and stop file',
            plugin: NAME,
            dependsOn: [],
            scope: 'once',
            omitFrom: ['rollback'],
            run: (env) => check(env, settings(env.ctx)!, now),
          },
          DEPLOY.build,
        );
      });
    },
  });
}

function validTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
