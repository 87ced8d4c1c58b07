/**
 * Names that become file paths, container names, labels, image tags or command words. Each
 * has one rule here (Kamal's where Kamal has one) so that nothing like `../../etc/x`, a
 * leading `-` or a space reaches a path, a `docker` argument or the command line.
 */

export interface NameRule {
  pattern: RegExp;
  /** Says what is allowed, for the error message. */
  allowed: string;
}

const WORD: NameRule = { pattern: /^[A-Za-z0-9_-]+$/, allowed: 'letters, digits, _ and -' };

export const NAME_RULES = {
  /** Container-name prefix and `service` label (Kamal: /^[a-z0-9_-]+$/i). */
  service: WORD,
  /** Part of container names and of `roles/<role>.env` paths. */
  role: WORD,
  /** Part of container names and of `<service>-<name>` directories. */
  accessory: WORD,
  /** `<config>.<destination>.yml`, container names, the lock directory. */
  destination: { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, allowed: 'letters, digits, ., _ and - (starting with a letter or digit)' },
  /** An image tag (Docker's rule): the version is part of the image and container names. */
  version: { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, allowed: 'letters, digits, ., _ and - (at most 128, not starting with . or -)' },
  /** A host name or address, as ssh and docker receive it: never an option, never a path. */
  host: { pattern: /^[A-Za-z0-9_[][A-Za-z0-9_.:%@[\]-]*$/, allowed: 'a host name or IP address (letters, digits, . : _ - [ ] @ %)' },
  /** A --hosts / --roles pattern: a name with `*` wildcards. */
  hostPattern: { pattern: /^[A-Za-z0-9_[*][A-Za-z0-9_.:%@[\]*-]*$/, allowed: 'host or role names with * wildcards' },
  /** An alias or a word of a custom graph's name: a command word, never an option. */
  command: { pattern: /^[a-z0-9][a-z0-9_-]*$/, allowed: 'a-z, 0-9, _ and - (starting with a letter or digit)' },
} satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

const LABELS: Record<NameKind, string> = {
  service: 'service name',
  role: 'role name',
  accessory: 'accessory name',
  destination: 'destination',
  version: 'version',
  host: 'host',
  hostPattern: 'host or role pattern',
  command: 'command name',
};

/** Command words that are Gantry's own, whatever the plugins declare. */
export const RESERVED_COMMANDS = ['help', 'config', 'docs', 'graph', 'init', 'plugins', 'secrets', 'trace', 'version'];

/** Undefined when `value` is a valid name of this kind, else why not. */
export function nameProblem(kind: NameKind, value: string): string | undefined {
  const rule = NAME_RULES[kind];
  if (rule.pattern.test(value)) return undefined;
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return `invalid ${LABELS[kind]} ${shown}: use ${rule.allowed}`;
}
