/**
 * Rules that span keys. Each names the key to blame. They run even when the schema check
 * failed, so every problem shows at once; a rule that meets a shape it cannot read is
 * skipped, since the schema errors already cover that shape.
 */
import type { GantryConfig } from '../../schemas/index.js';
import { childPointer } from './positions.js';
import { rolesOf } from '../inventory.js';
import type { SchemaProblem } from './schema-errors.js';
import { GANTRY_VERSION } from './version.js';
import { nameProblem, RESERVED_COMMANDS, type NameKind } from './names.js';
import { aliasCycle } from './alias-cycles.js';

export interface RuleContext {
  destination?: string;
  /** Whether the file itself sets a top-level key (defaults are already filled in). */
  written(key: string): boolean;
}

const RESERVED_LABELS = ['service', 'role', 'destination'];

export function isLocalRegistry(server: string | undefined): boolean {
  return server !== undefined && /^localhost:\d+$/.test(server);
}

const RULES = [destinationRule, nameRules, serviceRules, roleRules, labelRules, versionRule, aliasRules, graphRules];

export function checkRules(config: GantryConfig, context: RuleContext): SchemaProblem[] {
  return RULES.flatMap((rule) => {
    try {
      return rule(config, context);
    } catch (error) {
      if (error instanceof TypeError) return [];
      throw error;
    }
  });
}

function destinationRule(config: GantryConfig, { destination }: RuleContext): SchemaProblem[] {
  if (!config.require_destination || destination) return [];
  return [{ pointer: '/require_destination', message: 'a destination is required: pass -d DESTINATION' }];
}

function serviceRules(config: GantryConfig): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!config.image && !isLocalRegistry(config.registry?.server)) {
    problems.push({ pointer: '/image', message: 'required key is missing (only a localhost:PORT registry may omit it)' });
  }
  return problems;
}

function roleRules(config: GantryConfig, { written }: RuleContext): SchemaProblem[] {
  const roles = rolesOf(config.servers);
  const primaryName = config.primary_role ?? 'web';
  const primary = roles.find((role) => role.name === primaryName);
  const problems: SchemaProblem[] = [];
  if (!primary) {
    const pointer = written('primary_role') ? '/primary_role' : '/servers';
    problems.push({ pointer, message: `primary role "${primaryName}" is not defined in servers (roles: ${roles.map((r) => r.name).join(', ') || 'none'})` });
  } else if (primary.hosts.length === 0) {
    problems.push({ pointer: primary.pointer, message: `the primary role "${primaryName}" has no hosts` });
  }
  if (!config.allow_empty_roles) {
    for (const role of roles) {
      if (role.hosts.length === 0 && role !== primary) {
        problems.push({ pointer: role.pointer, message: `role "${role.name}" has no hosts (set allow_empty_roles: true to allow it)` });
      }
    }
  }
  return problems;
}

function labelRules(config: GantryConfig): SchemaProblem[] {
  const sets: [string, Record<string, unknown> | undefined][] = [['/labels', config.labels]];
  if (!Array.isArray(config.servers)) {
    for (const [name, role] of Object.entries(config.servers)) {
      if (!Array.isArray(role)) sets.push([childPointer(childPointer('/servers', name), 'labels'), role.labels]);
    }
  }
  return sets.flatMap(([pointer, labels]) =>
    RESERVED_LABELS.filter((label) => labels && Object.hasOwn(labels, label)).map((label) => ({
      pointer: childPointer(pointer, label),
      message: `the "${label}" label is reserved: gantry sets it`,
    })),
  );
}

/** The Kamal releases Gantry follows: any 2.x. `minimum_version` is Kamal's version, never Gantry's own. */
const COMPATIBLE_KAMAL = '2.99.99';

function versionRule(config: GantryConfig): SchemaProblem[] {
  const minimum = config.minimum_version;
  if (!minimum || compareVersions(minimum, COMPATIBLE_KAMAL) <= 0) return [];
  return [{ pointer: '/minimum_version', message: `this config needs Kamal ${minimum} or newer; Gantry ${GANTRY_VERSION} follows Kamal 2` }];
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff) return Math.sign(diff);
  }
  return 0;
}

function aliasRules(config: GantryConfig): SchemaProblem[] {
  const aliases = (config.aliases ?? {}) as Record<string, string>;
  return Object.keys(aliases).flatMap((name) => {
    const pointer = childPointer('/aliases', name);
    const invalid = nameProblem('command', name);
    if (invalid) return [{ pointer, message: 'alias names may contain only a-z, 0-9, _ and - (starting with a letter or digit)' }];
    if (RESERVED_COMMANDS.includes(name)) return [{ pointer, message: `"${name}" is a gantry command: an alias cannot replace it` }];
    const cycle = aliasCycle(name, aliases);
    return cycle ? [{ pointer, message: `the alias expands to itself: ${cycle.join(' → ')}` }] : [];
  });
}

/** Names that end up in paths, container names and labels; hosts that reach ssh and docker. */
function nameRules(config: GantryConfig): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const check = (kind: NameKind, value: unknown, pointer: string) => {
    if (typeof value !== 'string') return;
    const problem = nameProblem(kind, value);
    if (problem) problems.push({ pointer, message: problem });
  };
  check('service', config.service, '/service');
  const hostList = (hosts: unknown, pointer: string) => {
    if (!Array.isArray(hosts)) return;
    hosts.forEach((entry, index) => {
      const at = childPointer(pointer, index);
      if (typeof entry === 'string') check('host', entry, at);
      else if (entry && typeof entry === 'object') for (const name of Object.keys(entry)) check('host', name, childPointer(at, name));
    });
  };
  if (Array.isArray(config.servers)) hostList(config.servers, '/servers');
  else if (config.servers && typeof config.servers === 'object') {
    for (const [name, role] of Object.entries(config.servers)) {
      const pointer = childPointer('/servers', name);
      check('role', name, pointer);
      hostList(Array.isArray(role) ? role : role?.hosts, Array.isArray(role) ? pointer : childPointer(pointer, 'hosts'));
    }
  }
  for (const [name, accessory] of Object.entries(config.accessories ?? {})) {
    const pointer = childPointer('/accessories', name);
    check('accessory', name, pointer);
    check('host', accessory?.host, childPointer(pointer, 'host'));
    hostList(accessory?.hosts, childPointer(pointer, 'hosts'));
  }
  return problems;
}

/** A custom graph's name is one or more command words (`db migrate`), none of them Gantry's own. */
function graphNameProblem(name: string): string | undefined {
  const words = name.split(' ');
  if (words.some((word) => nameProblem('command', word))) {
    const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    return `invalid graph name ${JSON.stringify(shown)}: use words of a-z, 0-9, _ and - (each starting with a letter or digit), separated by single spaces`;
  }
  if (RESERVED_COMMANDS.includes(words[0]!)) return `"${words[0]}" is a gantry command: a graph cannot replace it`;
  return undefined;
}

function graphRules(config: GantryConfig): SchemaProblem[] {
  return Object.entries(config.graphs ?? {}).flatMap(([name, graph]) => {
    const badName = graphNameProblem(name);
    if (badName) return [{ pointer: childPointer('/graphs', name), message: badName }];
    const stepsPointer = childPointer(childPointer('/graphs', name), 'steps');
    const seen = new Set<string>();
    return graph.steps.flatMap((step, index) => {
      const pointer = childPointer(stepsPointer, index);
      const problems: SchemaProblem[] = [];
      const actions = (['run', 'node', 'graph'] as const).filter((key) => step[key] !== undefined);
      if (actions.length !== 1) {
        const found = actions.length ? ` (found ${actions.join(', ')})` : '';
        problems.push({ pointer, message: `a step needs exactly one of run, node, graph${found}` });
      }
      if (seen.has(step.id)) problems.push({ pointer: childPointer(pointer, 'id'), message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      return problems;
    });
  });
}
