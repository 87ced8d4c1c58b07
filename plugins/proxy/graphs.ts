/** The proxy's own CLI commands (`gantry proxy boot`, `gantry app maintenance`…), as named graphs. */
import { anchorsOf } from '../../core/graph/named.js';
import type { GraphDecl } from '../../core/graph/model.js';

const decl = (name: string, description: string, mutates = true): GraphDecl => ({ name, description, goals: [anchorsOf(name).done], mutates });

export const PROXY_GRAPHS: readonly GraphDecl[] = [
  decl('proxy boot', 'Start the proxy on every proxy host (or run it); a running proxy is left alone'),
  decl('proxy reboot', 'Replace the proxy container with the current run options (a brief outage: asks first, -y skips; --rolling: one host at a time)'),
  decl('proxy start', 'Start the existing proxy container'),
  decl('proxy stop', 'Stop the proxy container'),
  decl('proxy restart', 'Stop, then start the proxy container'),
  decl('proxy details', 'Show the proxy container on each host', false),
  { ...decl('proxy logs', 'Show the proxy logs from every proxy host (-f to follow)', false), plainOutput: true },
  decl('proxy remove', 'Remove the proxy container when no other app uses it'),
  decl('app maintenance', 'Answer the app with a 503 (--message) until `app live`'),
  decl('app live', 'Route the app to its running containers again'),
];
