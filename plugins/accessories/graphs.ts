/**
 * `gantry accessory …`: one named graph per command, `NAME|all` as the positional argument,
 * Kamal's options listed here, next to the graphs that read them.
 */
import { anchorsOf } from '../../core/graph/named.js';
import type { GraphDecl, GraphOption } from '../../core/graph/model.js';
import { CONFIRM_OPTION } from '../../core/graph/confirm.js';
import { LOG_OPTIONS } from '../logs/api.js';

const decl = (verb: string, description: string, extra: Partial<GraphDecl> = {}): GraphDecl => ({
  name: `accessory ${verb}`,
  description,
  goals: [anchorsOf(`accessory ${verb}`).done],
  mutates: true,
  args: ['name'],
  ...extra,
});

export const ACCESSORY_GRAPHS: readonly GraphDecl[] = [
  decl('boot', 'Boot an accessory (NAME or all) where it has no container yet: directories, files, env, docker run'),
  decl('reboot', 'Replace an accessory container with the current settings (named volumes and directories stay)'),
  decl('start', 'Start an accessory container'),
  decl('stop', 'Stop an accessory container'),
  decl('restart', 'Stop, then start an accessory container'),
  decl('details', 'Show an accessory container on each of its hosts', { mutates: false }),
  decl('exec', 'Run a command in a new container of the accessory image (--reuse: in the running container; -i: on your terminal)', {
    mutates: false,
    args: ['name', 'command'],
    plainOutput: true,
    passesExitCode: true,
  }),
  decl('logs', 'Show an accessory container\'s logs from each of its hosts (-f to follow)', { mutates: false, plainOutput: true }),
  decl('remove', 'Remove an accessory container and its image (asks first, -y skips; --remove-data: its directories and volumes too)'),
];

/** The options each accessory graph reads (declared through the engine's graphOptions hook). */
export const ACCESSORY_OPTIONS: Readonly<Record<string, readonly GraphOption[]>> = {
  'accessory exec': [
    { flags: '-i, --interactive', description: 'attach your terminal (the accessory\'s first host)' },
    { flags: '--reuse', description: 'run inside the running container (docker exec)' },
  ],
  'accessory logs': LOG_OPTIONS,
  'accessory remove': [
    { flags: '--remove-data', description: 'also delete the accessory\'s host directories, files and named volumes' },
    CONFIRM_OPTION,
  ],
};
