/**
 * Error attribution for hook tables: every tap's function is wrapped so that what it throws
 * names the tapping plugin and the hook (`hook app.containerRunArgs`). The engine's own table
 * and every plugin-owned table (`getAppHooks(engine)` …) go through here.
 */
import type { FullTap, Hook, HookMap } from 'tapable';
import { attributeError } from './run/plugin-error.js';

type AnyFn = (...args: unknown[]) => unknown;
// tapable's hook classes differ only in their type parameters; the interceptor API is the same.
type AnyHook = Hook<unknown[], unknown>;

function wrap(tap: FullTap, where: string): FullTap {
  const fn = tap.fn as AnyFn;
  const { name } = tap;
  const fail = (error: unknown) => attributeError(name, where, error);
  if (tap.type === 'promise') {
    const guarded = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw fail(error);
      }
    };
    return { ...tap, fn: guarded } as FullTap;
  }
  if (tap.type === 'async') {
    return {
      ...tap,
      fn: (...args: unknown[]) => {
        const callback = args.pop() as (error?: unknown, result?: unknown) => void;
        return fn(...args, (error?: unknown, result?: unknown) => (error ? callback(fail(error)) : callback(undefined, result)));
      },
    } as FullTap;
  }
  const guarded = (...args: unknown[]) => {
    try {
      return fn(...args);
    } catch (error) {
      throw fail(error);
    }
  };
  return { ...tap, fn: guarded } as FullTap;
}

function attributeHook(hook: AnyHook, where: string): void {
  hook.intercept({ register: (tap) => wrap(tap, where) });
}

/** Wraps every tap of every hook in `table` (HookMaps included), named `<owner>.<key>`. */
export function attributeTaps<T extends object>(table: T, owner: string): T {
  for (const [key, hook] of Object.entries(table)) {
    const where = `hook ${owner}.${key}`;
    if (isHookMap(hook)) {
      hook.intercept({
        factory: (name, created) => {
          attributeHook(created, `${where}(${String(name)})`);
          return created;
        },
      });
    } else attributeHook(hook as AnyHook, where);
  }
  return table;
}

function isHookMap(value: unknown): value is HookMap<AnyHook> {
  return typeof (value as HookMap<AnyHook>).for === 'function';
}

/** The parts of a tapable interceptor that act when a hook is called (`register` acts when tapped). */
interface CallInterceptor {
  call?: unknown;
  tap?: unknown;
  loop?: unknown;
  error?: unknown;
  result?: unknown;
  done?: unknown;
}

/**
 * Whether calling `hook` can do anything: it has taps, or an interceptor that acts on calls.
 * tapable's own isUsed() is always true here, as the attribution interceptor above counts; the
 * scheduler asks this per task and per command, and a 2,000-host run has tens of thousands.
 */
export function hasTaps(hook: { readonly taps: readonly unknown[]; readonly interceptors: readonly CallInterceptor[] }): boolean {
  return hook.taps.length > 0 || hook.interceptors.some((i) => i.call || i.tap || i.loop || i.error || i.result || i.done);
}
