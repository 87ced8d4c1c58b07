/**
 * Docker argv builders shared by the deploy plugins: probes, network, images, containers and the
 * small argument helpers (options, labels, filters, volumes) every `docker run` needs.
 * Pure: each function returns a Command; nothing here runs anything.
 */
import { and, or, quoteWord, raw } from '../../core/transport/quote.js';
import type { Command, Word } from '../../core/transport/types.js';

/** The network every app, accessory and proxy container joins (Kamal's name, for compatibility). */
export const NETWORK = 'kamal';

/** `docker inspect` template: the health status when the image has a HEALTHCHECK, else the state. */
export const HEALTH_STATUS_FORMAT = '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}';

/** A `docker run` option value: `true` is a bare flag, a list repeats the flag. */
export type OptionScalar = string | number | boolean;
export type DockerOptions = Readonly<Record<string, OptionScalar | readonly OptionScalar[]>>;

const QUIET = raw('> /dev/null 2>&1');

/** The daemon's architecture (`x86_64`, `aarch64`), to split local and remote build arches. */
export function dockerArchitecture(): Command {
  return ['docker', 'info', '--format', '{{.Architecture}}'];
}

export function buildxVersion(): Command {
  return ['docker', 'buildx', 'version'];
}

/**
 * Creates the network unless it exists. The last inspect makes a concurrent creation by another
 * deploy count as success, while any other create error still fails the command.
 */
export function ensureNetwork(name: string = NETWORK): Command {
  const inspect: Command = ['docker', 'network', 'inspect', name, QUIET];
  return or(inspect, ['docker', 'network', 'create', name], inspect);
}

export function pullImage(image: string): Command {
  return ['docker', 'pull', image];
}

export function tagImage(source: string, target: string): Command {
  return ['docker', 'tag', source, target];
}

/** Prints the image's `service` label: Kamal refuses images built for another service. */
export function imageServiceLabel(image: string): Command {
  return ['docker', 'image', 'inspect', '-f', '{{ .Config.Labels.service }}', image];
}

/**
 * `docker pull`, then the image's `service` label, in one round trip: the pull's progress goes to
 * stderr (shown as it comes, as stdout would be), so stdout holds the label alone.
 */
export function pullImageWithLabel(image: string): Command {
  return and([...pullImage(image), raw('>&2')], imageServiceLabel(image));
}

export function renameContainer(from: string, to: string): Command {
  return ['docker', 'rename', from, to];
}

/** The id of the container with exactly this name, running or not (empty output when none). */
export function containerIdByName(name: string): Command {
  return ['docker', 'container', 'ls', '--all', '--filter', `name=^${name}$`, '--quiet'];
}

/** `<id> <state>` of the container with exactly this name, running or not (empty output when none). */
export function containerStateByName(name: string): Command {
  return ['docker', 'container', 'ls', '--all', '--filter', `name=^${name}$`, '--format', '{{.ID}} {{.State}}'];
}

export interface LogsOptions {
  lines?: number;
  since?: string;
  timestamps?: boolean;
}

/** Logs with stderr folded into stdout, so a failure report shows both in order. */
export function containerLogs(container: string, opts: LogsOptions = {}): Command {
  return [
    'docker',
    'logs',
    ...(opts.timestamps ? ['--timestamps'] : []),
    ...(opts.since === undefined ? [] : ['--since', opts.since]),
    ...(opts.lines === undefined ? [] : ['--tail', String(opts.lines)]),
    container,
    raw('2>&1'),
  ];
}

/** The `docker ps` line of one container, by exact name. */
export function containerDetails(name: string): Command {
  return ['docker', 'ps', '--filter', `name=^${name}$`];
}

export interface ListContainersOptions {
  /** Include stopped containers (`--all`). */
  all?: boolean;
  /** Each becomes `--filter <f>`: `label=service=app`, `status=running`, `name=^x$`... */
  filters?: readonly string[];
  /** Only the newest container. */
  latest?: boolean;
  quiet?: boolean;
  format?: string;
}

export function listContainers(opts: ListContainersOptions = {}): Command {
  return [
    'docker',
    'ps',
    ...(opts.all ? ['--all'] : []),
    ...(opts.latest ? ['--latest'] : []),
    ...(opts.quiet ? ['--quiet'] : []),
    ...filterArgs(opts.filters ?? []),
    ...(opts.format === undefined ? [] : ['--format', opts.format]),
  ];
}

export function filterArgs(filters: readonly string[]): string[] {
  return filters.flatMap((filter) => ['--filter', filter]);
}

/** `--label k=v` per entry. */
export function labelArgs(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/**
 * Docker options as `--key value` words: `true` is a bare flag, a list repeats the flag.
 * `false` becomes `--key=false` (a separate `false` word would be read as the image name).
 */
export function optionArgs(options: DockerOptions): string[] {
  return Object.entries(options).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((item: OptionScalar) => {
      if (item === true) return [`--${key}`];
      if (item === false) return [`--${key}=false`];
      return [`--${key}`, String(item)];
    }),
  );
}

/**
 * `--volume host:container[:options]`. Docker needs an absolute host path, while the run
 * directory is relative to the SSH user's home: a relative path is anchored on the remote
 * shell's `$PWD`, quoted here once so the whole spec stays one shell word.
 */
export function volumeArgs(hostPath: string, containerPath: string, options?: string): Word[] {
  const spec = `${hostPath}:${containerPath}${options ? `:${options}` : ''}`;
  return ['--volume', hostPath.startsWith('/') ? spec : raw(`"$PWD"/${quoteWord(spec)}`)];
}
