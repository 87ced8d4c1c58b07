/** The options every `… logs` command takes, and the query they make. */
import { GantryError } from '../../core/errors.js';
import type { GraphOption, RunContext } from '../../core/graph/model.js';
import type { LogQuery } from './commands.js';

export const LOG_OPTIONS: GraphOption[] = [
  { flags: '-f, --follow', description: 'keep printing new lines until Ctrl-C' },
  { flags: '-n, --lines <count>', description: 'the last COUNT lines (default 100 without --since or --follow)' },
  { flags: '-s, --since <time>', description: 'lines since a duration (30m) or a timestamp' },
  { flags: '-g, --grep <pattern>', description: 'only lines matching PATTERN (grep)' },
  { flags: '--grep-options <options>', description: 'extra grep options, e.g. "-i"' },
  { flags: '--container-id <id>', description: 'read this container instead of the current one' },
  { flags: '-T, --skip-timestamps', description: 'leave out the timestamp Docker puts before each line' },
];

/** Lines shown when neither --lines, --since nor --follow says otherwise (as Kamal). */
const DEFAULT_LINES = 100;
/** A follow starts from the last few lines. */
const FOLLOW_LINES = 10;

export function logQuery(ctx: RunContext): LogQuery {
  const o = ctx.options;
  const text = (key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
  const follow = Boolean(o.follow);
  const since = text('since');
  let lines: number | undefined;
  const given = text('lines');
  if (given !== undefined) {
    lines = Number(given);
    if (!Number.isInteger(lines) || lines < 0) throw new GantryError(`--lines expects a whole number, got ${JSON.stringify(given)}`);
  } else if (since === undefined) {
    lines = follow ? FOLLOW_LINES : DEFAULT_LINES;
  }
  return {
    follow,
    ...(lines === undefined ? {} : { lines }),
    ...(since === undefined ? {} : { since }),
    ...(text('grep') === undefined ? {} : { grep: text('grep'), grepOptions: text('grepOptions') }),
    // As Kamal: timestamps unless -T.
    timestamps: !o.skipTimestamps,
  };
}
