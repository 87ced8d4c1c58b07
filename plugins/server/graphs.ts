/** The `server …` commands: declarations and the nodes each adds between its locked and finished anchors. */
import type { GraphBuilder } from '../../core/graph/builder.js';
import type { GraphDecl } from '../../core/graph/model.js';
import { anchorsOf } from '../../core/graph/named.js';
import { serverExecNode } from './exec.js';
import { bootstrapNode, dockerSetupNode, DOCKER_SETUP } from './nodes.js';
import type { ServerHooks } from './api.js';

export const SERVER_GRAPHS: GraphDecl[] = [
  {
    name: 'server exec',
    description: 'Run a shell command on every selected host (-i: interactively on one)',
    goals: [anchorsOf('server exec').done],
    args: ['cmd...'],
    plainOutput: true,
    passesExitCode: true,
  },
  { name: 'server bootstrap', description: 'Install Docker on the hosts that lack it (the first step of setup, alone)', goals: [anchorsOf('server bootstrap').done], mutates: true },
];

export function addServerExec(builder: GraphBuilder): void {
  const a = anchorsOf('server exec');
  const node = serverExecNode([a.locked]);
  builder.add(node).addDependency(a.finished, node.id);
}

/** Kamal's `server bootstrap`: the Docker install, then the docker-setup hook. */
export function addServerBootstrap(builder: GraphBuilder, hooks: ServerHooks): void {
  const a = anchorsOf('server bootstrap');
  builder.add(bootstrapNode([a.locked])).add(dockerSetupNode(hooks)).addDependency(a.finished, DOCKER_SETUP);
}
