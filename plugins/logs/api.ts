/**
 * The log reader other plugins use for their `… logs` commands (app, proxy, accessories): the
 * shared options, and a node that reads (or follows) the logs of the containers a plugin picks on
 * each host, printing each line as it arrives — prefixed with the host when there are several.
 */
export { LOG_OPTIONS, logQuery } from './options.js';
export { logsNode, type LogsNodeSpec } from './reader.js';
export { readLogs, type LogQuery } from './commands.js';
