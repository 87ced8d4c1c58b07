/**
 * Fails a proxy switch as soon as its new container exits or restarts, instead of when the
 * proxy's health wait times out: a small POSIX sh loop on the host polls the container's state
 * while the switch runs; the first to end decides. (Docker's health wait, `health.ts`, reads the
 * state in its own loop.)
 */
import { AbortedError, GantryError } from '../../core/errors.js';
import type { TaskEnv } from '../../core/graph/model.js';
import type { Command, ExecOptions } from '../../core/transport/types.js';
import { describeExit } from './health.js';
import { lastLogs } from './health-check.js';

/** `<status> <restart count> <last exit code>`. */
const STATE_FORMAT = '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}';

// $1 container, $2 format, $3 seconds to watch, $4 interval. Exits 1 printing the state once the
// container is neither running nor created with no restart, 0 when the time is up. Bounded, so
// an abandoned watch (the connection dropped) never polls forever.
const WATCH_SCRIPT = `end=$(( $(date +%s) + $3 ))
while [ "$(date +%s)" -lt "$end" ]; do
  state=$(docker inspect --format "$2" "$1" 2>&1) || { echo "$state"; exit 1; }
  case $state in
    'running 0 '*|'created 0 '*) ;;
    *) echo "$state"; exit 1 ;;
  esac
  sleep "$4"
done`;

// Once a second: the watch runs beside the proxy's own health wait for the whole boot, and each
// poll is a `docker inspect` (≈0.06 CPU s of CLI alone on the test bed, plus dockerd's share);
// at 0.2 s it took ≈0.5 CPU s per proxied boot from the host's cores. A crash is still reported
// within a second, instead of at the deploy timeout.
export function watchForExit(container: string, seconds: number, intervalSeconds = 1): Command {
  return ['sh', '-c', WATCH_SCRIPT, 'gantry-watch-exit', container, STATE_FORMAT, String(seconds), String(intervalSeconds)];
}

/** Why the watch or the wait is stopped; one shared reason, as a fresh one would capture a stack per boot. */
const STOPPED = new AbortedError('the health wait or the exit watch ended');

/**
 * Runs `wait` (a health wait on `container`) while watching the container; if it exits or
 * restarts first, the wait is cancelled and the boot fails with the exit code and last logs.
 */
export async function failFastOnExit(env: TaskEnv, container: string, seconds: number, wait: (env: TaskEnv) => Promise<void>): Promise<void> {
  if (env.ctx.dryRun) {
    // Both are recorded, in this order; nothing runs, so no container exits and nothing is cancelled.
    void env.probe(watchForExit(container, seconds)).catch(() => undefined);
    return wait(env);
  }
  const done = new AbortController();
  const watched = env.probe(watchForExit(container, seconds), { signal: done.signal }).catch(() => undefined);
  const waiting = wait(withSignal(env, done.signal));
  const never = new Promise<never>(() => undefined);
  const crash = watched.then((result) => (result?.code === 1 ? result.stdout.trim() : never));
  try {
    const state = await Promise.race([waiting.then(() => undefined), crash]);
    if (state === undefined) return;
    done.abort(STOPPED);
    // Nothing of the cancelled wait may still be running (a route switch) when the boot fails.
    await waiting.catch(() => undefined);
    throw new GantryError(`container ${container} ${describeExit(state)}${await lastLogs(env, container)}`);
  } finally {
    done.abort(STOPPED);
  }
}

/** The env with every command also cancelled by `signal`. */
function withSignal(env: TaskEnv, signal: AbortSignal): TaskEnv {
  let both: AbortSignal | undefined;
  const opts = (o?: ExecOptions): ExecOptions => ({ ...o, signal: o?.signal ? AbortSignal.any([o.signal, signal]) : signal });
  return {
    ctx: env.ctx,
    node: env.node,
    host: env.host,
    upload: (content, path, mode) => env.upload(content, path, mode),
    forwardRemote: (spec) => env.forwardRemote(spec),
    output: (line) => env.output(line),
    warm: () => env.warm(),
    get transport() {
      return env.transport;
    },
    run: (cmd, o) => env.run(cmd, opts(o)),
    capture: (cmd, o) => env.capture(cmd, opts(o)),
    probe: (cmd, o) => env.probe(cmd, opts(o)),
    interactive: (cmd) => env.interactive(cmd),
    // Made on first use: most waits never read it, and a 2,000-host dry run boots 2,000 times.
    get signal() {
      return (both ??= AbortSignal.any([env.signal, signal]));
    },
  };
}
