/**
 * `gantry accessory …`: one named graph per command, `NAME|all` as the positional argument,
 * Kamal's options listed here, next to the graphs that read them.
 */
import { anchorsOf } from '../../core/graph/named.js';
import type { GraphDecl, GraphOption } from '../../core/graph/model.js';

const decl = (verb: string, description: string, extra: Partial<GraphDecl> = {}): GraphDecl => ({
  name: `accessory ${verb}`,
  description,
  goals: [anchorsOf(`accessory ${verb}`).done],
  mutates: true,
  args: ['name'],
  ...extra,
});

const LOG_OPTIONS: readonly GraphOption[] = [
  { flags: '-n, --lines <count>', description: 'lines to show (default 100; 10 with --follow)' },
  { flags: '-s, --since <time>', description: 'only lines since this time (e.g. 2024-01-01T12:00 or 10m)' },
  { flags: '-g, --grep <text>', description: 'only lines containing this text' },
  { flags: '-f, --follow', description: 'keep printing new lines (first host only; Ctrl-C ends)' },
];

export const ACCESSORY_GRAPHS: readonly GraphDecl[] = [
  decl('boot', 'Boot an accessory (NAME or all) where it has no container yet: directories, files, env, docker run'),
  decl('reboot', 'Replace an accessory container with the current settings (named volumes and directories stay)'),
  decl('start', 'Start an accessory container'),
  decl('stop', 'Stop an accessory container'),
  decl('restart', 'Stop, then start an accessory container'),
  decl('details', 'Show an accessory container on each of its hosts', { mutates: false }),
  decl('exec', 'Run a command in a new container of the accessory image (--reuse: in the running container)', {
    mutates: false,
    args: ['name', 'command'],
  }),
  decl('logs', 'Show an accessory container\'s logs', { mutates: false }),
  decl('remove', 'Remove an accessory container and its image (-y to confirm; --remove-data: its directories and volumes too)'),
];

/** The options each accessory graph reads (declared through the engine's graphOptions hook). */
export const ACCESSORY_OPTIONS: Readonly<Record<string, readonly GraphOption[]>> = {
  'accessory exec': [{ flags: '--reuse', description: 'run inside the running container (docker exec)' }],
  'accessory logs': LOG_OPTIONS,
  'accessory remove': [
    { flags: '--remove-data', description: 'also delete the accessory\'s host directories, files and named volumes' },
    { flags: '-y, --confirmed', description: 'do not ask for confirmation' },
  ],
};
